package io.custodia.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.consent.AgeBand;
import io.custodia.server.CustodiaTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The privacy center's sign-in by one-time code, over HTTP as a browser without JavaScript sends it. */
class PrivacySignInTests extends CustodiaTest {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Autowired
    Subjects subjects;

    @Autowired
    CodeSender sender;

    @Autowired
    SignInCodes codes;

    @Autowired
    JdbcClient jdbc;

    private String entity;
    private String email;

    @BeforeEach
    void customer() {
        // Every test of the JVM signs in from this machine's address: start each with fresh limits.
        jdbc.sql("delete from privacy_rate_limit").update();
        entity = createEntity('P', "Privacy sign-in");
        email = randomAddress();
        subjects.register(
                "system:test",
                new Subjects.NewSubject(entity, AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
    }

    @Test
    void theCodeFromTheMail_signsIn_andOpensTheOverview() {
        PrivacyClient browser = new PrivacyClient(port);
        assertThat(browser.get("/privacy/" + entity + "/sign-in").statusCode()).isEqualTo(200);
        HttpResponse<String> asked = browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(PrivacyClient.location(asked)).isEqualTo("/privacy/" + entity + "/sign-in/code");
        assertThat(browser.get("/privacy/" + entity + "/sign-in/code").body())
                .contains("If this address is known to us, a code was sent to it. It is valid for 10 minutes");

        HttpResponse<String> signedIn =
                browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", codeSentTo(email)));
        assertThat(PrivacyClient.location(signedIn)).isEqualTo("/privacy/" + entity);
        HttpResponse<String> overview = browser.get("/privacy/" + entity);
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("What we hold about you, and why", email);
    }

    @Test
    void pagesOfTheCenter_withoutSignIn_leadToTheSignInPage() {
        PrivacyClient browser = new PrivacyClient(port);
        for (String page : List.of("", "/choices", "/history", "/devices", "/requests")) {
            HttpResponse<String> response = browser.get("/privacy/" + entity + page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(PrivacyClient.location(response)).as(page).isEqualTo("/privacy/" + entity + "/sign-in");
        }
    }

    @Test
    void aCode_worksOnce() {
        UUID subject =
                subjects.find(entity, SubjectIdentifier.of("email", email)).orElseThrow();
        SignInCodes.Issued issued = codes.start(entity, subject);
        assertThat(issued.code()).matches("\\d{6}");
        assertThat(codes.attempt(issued.id(), entity, issued.code()))
                .isEqualTo(new SignInCodes.Outcome.SignedIn(subject));
        assertThat(codes.attempt(issued.id(), entity, issued.code())).isEqualTo(new SignInCodes.Outcome.Over());
    }

    @Test
    void aCode_isForItsEntityOnly() {
        UUID subject =
                subjects.find(entity, SubjectIdentifier.of("email", email)).orElseThrow();
        SignInCodes.Issued issued = codes.start(entity, subject);
        assertThat(codes.attempt(issued.id(), "FR", issued.code())).isEqualTo(new SignInCodes.Outcome.Over());
    }

    @Test
    void anExpiredCode_doesNotSignIn_andAsksForANewOne() {
        PrivacyClient browser = new PrivacyClient(port);
        browser.get("/privacy/" + entity + "/sign-in");
        browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        String code = codeSentTo(email);
        // Ten minutes pass: the challenge's expiry is moved to the past, as the clock would have done.
        jdbc.sql("update privacy_sign_in set expires_at = now() - interval '1 second' where entity_code = ?")
                .param(entity)
                .update();
        browser.get("/privacy/" + entity + "/sign-in/code");
        HttpResponse<String> late = browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", code));
        assertThat(PrivacyClient.location(late)).isEqualTo("/privacy/" + entity + "/sign-in?again=1");
        assertThat(browser.get("/privacy/" + entity).statusCode()).isEqualTo(302);
    }

    @Test
    void fiveWrongCodes_useTheChallengeUp_evenForTheRightCodeAfterThem() {
        PrivacyClient browser = new PrivacyClient(port);
        browser.get("/privacy/" + entity + "/sign-in");
        browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        String code = codeSentTo(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        browser.get("/privacy/" + entity + "/sign-in/code");
        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> response = browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", wrong));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("You can try " + (5 - attempt) + " more time(s)");
        }
        HttpResponse<String> fifth = browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", wrong));
        assertThat(PrivacyClient.location(fifth)).isEqualTo("/privacy/" + entity + "/sign-in?again=1");
        HttpResponse<String> right = browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", code));
        assertThat(PrivacyClient.location(right)).isEqualTo("/privacy/" + entity + "/sign-in");
        assertThat(browser.get("/privacy/" + entity).statusCode()).isEqualTo(302);

        UUID subject =
                subjects.find(entity, SubjectIdentifier.of("email", email)).orElseThrow();
        SignInCodes.Issued issued = codes.start(entity, subject);
        for (int attempt = 1; attempt <= 5; attempt++) {
            codes.attempt(issued.id(), entity, wrong.equals(issued.code()) ? "222222" : wrong);
        }
        assertThat(codes.attempt(issued.id(), entity, issued.code())).isEqualTo(new SignInCodes.Outcome.Over());
    }

    @Test
    void anUnknownAddress_getsTheSameAnswers_andNoMessage() {
        String stranger = randomAddress();
        PrivacyClient known = new PrivacyClient(port);
        PrivacyClient unknown = new PrivacyClient(port);
        HttpResponse<String> knownForm = known.get("/privacy/" + entity + "/sign-in");
        HttpResponse<String> unknownForm = unknown.get("/privacy/" + entity + "/sign-in");
        assertThat(PrivacyClient.withoutToken(unknownForm.body()))
                .isEqualTo(PrivacyClient.withoutToken(knownForm.body()));

        HttpResponse<String> knownAsked = known.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        HttpResponse<String> unknownAsked = unknown.post("/privacy/" + entity + "/sign-in", Map.of("email", stranger));
        assertThat(unknownAsked.statusCode()).isEqualTo(knownAsked.statusCode());
        assertThat(PrivacyClient.location(unknownAsked)).isEqualTo(PrivacyClient.location(knownAsked));
        assertThat(unknownAsked.body()).isEqualTo(knownAsked.body());

        HttpResponse<String> knownPage = known.get("/privacy/" + entity + "/sign-in/code");
        HttpResponse<String> unknownPage = unknown.get("/privacy/" + entity + "/sign-in/code");
        assertThat(unknownPage.statusCode()).isEqualTo(knownPage.statusCode());
        assertThat(PrivacyClient.withoutToken(unknownPage.body()))
                .isEqualTo(PrivacyClient.withoutToken(knownPage.body()));

        HttpResponse<String> knownWrong =
                known.post("/privacy/" + entity + "/sign-in/code", Map.of("code", "12345678"));
        HttpResponse<String> unknownWrong =
                unknown.post("/privacy/" + entity + "/sign-in/code", Map.of("code", "12345678"));
        assertThat(unknownWrong.statusCode()).isEqualTo(knownWrong.statusCode()).isEqualTo(400);
        assertThat(PrivacyClient.withoutToken(unknownWrong.body()))
                .isEqualTo(PrivacyClient.withoutToken(knownWrong.body()));

        assertThat(mailbox().messages())
                .noneMatch(delivered -> delivered.message().to().equals(stranger));
        assertThat(mailbox().messages())
                .anyMatch(delivered -> delivered.message().to().equals(email));
    }

    @Test
    void codesForOneAddress_areLimited_whetherOrNotItIsACustomers() {
        String stranger = randomAddress();
        for (String address : List.of(email, stranger)) {
            PrivacyClient browser = new PrivacyClient(port);
            browser.get("/privacy/" + entity + "/sign-in");
            for (int request = 1; request <= RateLimits.Limit.CODES_PER_ADDRESS.hits; request++) {
                assertThat(browser.post("/privacy/" + entity + "/sign-in", Map.of("email", address))
                                .statusCode())
                        .isEqualTo(302);
                browser.get("/privacy/" + entity + "/sign-in");
            }
            HttpResponse<String> over = browser.post("/privacy/" + entity + "/sign-in", Map.of("email", address));
            assertThat(over.statusCode()).as(address).isEqualTo(429);
            assertThat(over.body()).contains("Too many attempts");
            assertThat(over.headers().firstValue("Retry-After")).contains("900");
        }
    }

    @Test
    void codesFromOneIpAddress_areLimited_acrossAddresses() {
        PrivacyClient browser = new PrivacyClient(port);
        browser.get("/privacy/" + entity + "/sign-in");
        for (int request = 1; request <= RateLimits.Limit.CODES_PER_IP.hits; request++) {
            assertThat(browser.post("/privacy/" + entity + "/sign-in", Map.of("email", randomAddress()))
                            .statusCode())
                    .isEqualTo(302);
            browser.get("/privacy/" + entity + "/sign-in");
        }
        assertThat(browser.post("/privacy/" + entity + "/sign-in", Map.of("email", randomAddress()))
                        .statusCode())
                .isEqualTo(429);
    }

    @Test
    void aMalformedAddress_isAnsweredOnThePage_andSendsNothing() {
        PrivacyClient browser = new PrivacyClient(port);
        browser.get("/privacy/" + entity + "/sign-in");
        int before = mailbox().messages().size();
        HttpResponse<String> response =
                browser.post("/privacy/" + entity + "/sign-in", Map.of("email", "not an address"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Enter an e-mail address, such as name@example.com.");
        assertThat(mailbox().messages()).hasSize(before);
    }

    @Test
    void aFormWithoutItsCsrfToken_isRefused() {
        PrivacyClient browser = new PrivacyClient(port);
        HttpResponse<String> response = browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aCustomersSession_opensNeitherTheConsoleNorTheApi_norAnotherEntitysCenter() {
        PrivacyClient browser = signedIn();
        HttpResponse<String> console = browser.get("/console");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(PrivacyClient.location(console)).isEqualTo("/login");
        assertThat(browser.get("/api/v1/whoami").statusCode()).isEqualTo(401);
        assertThat(PrivacyClient.location(browser.get("/privacy/FR"))).isEqualTo("/privacy/FR/sign-in");
        assertThat(browser.get("/privacy/" + entity).statusCode()).isEqualTo(200);
    }

    @Test
    void signingIn_changesTheSessionId_andIsAudited() {
        PrivacyClient browser = new PrivacyClient(port);
        HttpResponse<String> form = browser.get("/privacy/" + entity + "/sign-in");
        String before = sessionCookie(form);
        browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        browser.get("/privacy/" + entity + "/sign-in/code");
        HttpResponse<String> signedIn =
                browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", codeSentTo(email)));
        String after = sessionCookie(signedIn);
        assertThat(after).isNotEqualTo(before);
        assertThat(signedIn.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).contains("HttpOnly", "SameSite=Lax"));

        UUID subject =
                subjects.find(entity, SubjectIdentifier.of("email", email)).orElseThrow();
        assertThat(jdbc.sql("select actor from audit_entry where action = 'privacy.signed_in' and object_id = ?")
                        .param(subject.toString())
                        .query(String.class)
                        .list())
                .containsExactly("customer:" + subject);
    }

    @Test
    void pages_carryTheConsolesSecurityHeaders() {
        HttpResponse<String> page = new PrivacyClient(port).get("/privacy/" + entity + "/sign-in");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
    }

    @Test
    void signingOut_endsTheSession() {
        PrivacyClient browser = signedIn();
        browser.get("/privacy/" + entity);
        HttpResponse<String> out = browser.post("/privacy/" + entity + "/sign-out", Map.of());
        assertThat(PrivacyClient.location(out)).isEqualTo("/privacy/" + entity + "/sign-in");
        assertThat(browser.get("/privacy/" + entity).statusCode()).isEqualTo(302);
    }

    @Test
    void theDevelopmentMailbox_showsWhatWasSent_inTheEmbeddedDefault() {
        PrivacyClient browser = new PrivacyClient(port);
        browser.get("/privacy/" + entity + "/sign-in");
        browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        HttpResponse<String> page = browser.get("/dev/mailbox");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(email, codeSentTo(email));
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie set"));
    }

    private PrivacyClient signedIn() {
        PrivacyClient browser = new PrivacyClient(port);
        browser.get("/privacy/" + entity + "/sign-in");
        browser.post("/privacy/" + entity + "/sign-in", Map.of("email", email));
        browser.get("/privacy/" + entity + "/sign-in/code");
        HttpResponse<String> signedIn =
                browser.post("/privacy/" + entity + "/sign-in/code", Map.of("code", codeSentTo(email)));
        assertThat(PrivacyClient.location(signedIn)).isEqualTo("/privacy/" + entity);
        return browser;
    }

    private String codeSentTo(String address) {
        SignInMessage message = mailbox().messages().stream()
                .map(DevelopmentMailbox.Delivered::message)
                .filter(sent -> sent.to().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message to " + address));
        Matcher matcher = CODE.matcher(message.text());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private DevelopmentMailbox mailbox() {
        return (DevelopmentMailbox) sender;
    }

    private static String randomAddress() {
        return "customer." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
    }
}
