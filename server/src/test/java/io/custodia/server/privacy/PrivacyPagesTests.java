package io.custodia.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.consent.AgeBand;
import io.custodia.server.CustodiaTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.net.http.HttpRequest;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the privacy center's pages say and record, over HTTP, for a customer of the demo's French company. */
class PrivacyPagesTests extends CustodiaTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern KEY = Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"");

    @Autowired
    Subjects subjects;

    @Autowired
    CodeSender sender;

    @Autowired
    JdbcClient jdbc;

    private String email;
    private PrivacyClient browser;

    @BeforeEach
    void signedIn() {
        jdbc.sql("delete from privacy_rate_limit").update();
        email = randomAddress();
        subjects.register(
                "system:test",
                new Subjects.NewSubject("FR", AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
        browser = new PrivacyClient(port);
        browser.get("/privacy/FR/sign-in");
        browser.post("/privacy/FR/sign-in", Map.of("email", email));
        browser.get("/privacy/FR/sign-in/code");
        HttpResponse<String> signedIn = browser.post("/privacy/FR/sign-in/code", Map.of("code", codeSentTo(email)));
        assertThat(PrivacyClient.location(signedIn)).isEqualTo("/privacy/FR");
    }

    @Test
    void overview_saysWhatIsHeld_why_onWhichBasis_whatTheCustomerGets_whoReceivesIt_andHowLong() {
        String page = browser.get("/privacy/FR").body();
        assertThat(page)
                .contains("Contact details", "Email address")
                .contains("Personalised offers", "Your consent")
                .contains("Offers that fit how you really use your phone, and fewer that don&#39;t.")
                .contains("AdReach Inc. (US)")
                .contains("13 months, from consent, renewed when the customer renews it")
                .contains("Needed for your contract");
    }

    @Test
    void overview_inFrench() {
        String page = browser.get("/privacy/FR?lang=fr").body();
        assertThat(page)
                .contains("Ce que nous détenons sur vous, et pourquoi")
                .contains("Votre consentement")
                .contains("13 mois, à compter de : consent, renewed when the customer renews it");
    }

    @Test
    void choices_offerASwitchForConsent_anObjectionForLegitimateInterest_andNoButtonForPhoneOnlyChoices() {
        String page = browser.get("/privacy/FR/choices").body();
        assertThat(section(page, "marketing-personalised_offers")).contains("Turn on: Personalised offers", ">Off<");
        assertThat(section(page, "analytics-network_quality")).contains("Object to:", ">On<");
        assertThat(section(page, "service-customer_care-call_recording"))
                .contains("This choice is made with customer care.")
                .doesNotContain("<button");
    }

    @Test
    void anObjection_isRecorded_andTheDecisionEngineAppliesIt() {
        String page = browser.get("/privacy/FR/choices").body();
        HttpResponse<String> objected = browser.post(
                "/privacy/FR/choices",
                Map.of(
                        "purpose",
                        "analytics.network_quality",
                        "action",
                        "objected",
                        "noticeVersion",
                        noticeVersion(section(page, "analytics-network_quality")),
                        "idempotencyKey",
                        key(page) + ":objection"));
        assertThat(PrivacyClient.location(objected)).startsWith("/privacy/FR/choices");
        String after = browser.get("/privacy/FR/choices").body();
        assertThat(after).contains("Your objection is recorded.");
        assertThat(section(after, "analytics-network_quality"))
                .contains("You objected")
                .doesNotContain("<button");
        JsonNode decision = decide("analytics.network_quality");
        assertThat(decision.get("effect").asString()).isEqualTo("DENY");
        assertThat(decision.get("reason").asString()).isEqualTo("objected");
        assertThat(browser.get("/privacy/FR/history").body()).contains("You objected", "Website");
    }

    @Test
    void aChoiceTheRulesRefuse_recordsNothing_andSaysSo() {
        String page = browser.get("/privacy/FR/choices").body();
        browser.post(
                "/privacy/FR/choices",
                Map.of(
                        "purpose", "marketing.personalised_offers",
                        "action", "granted",
                        "noticeVersion", "99",
                        "idempotencyKey", key(page)));
        assertThat(browser.get("/privacy/FR/choices").body()).contains("Your choice could not be recorded.");
        assertThat(browser.get("/privacy/FR/history").body()).contains("You have made no choice yet.");
    }

    @Test
    void anotherCustomersReceipt_answersAsMissing() throws Exception {
        String other = randomAddress();
        ObjectNode body = json.createObjectNode()
                .put("entity", "FR")
                .put("purpose", "marketing.personalised_offers")
                .put("action", "granted")
                .put("noticeVersion", 1)
                .put("channel", "web");
        body.putObject("subject").put("scheme", "email").put("value", other);
        HttpResponse<String> recorded = send(HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", basic("dpo", DEMO_PASSWORD))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        String eventId = parse(recorded).get("eventId").asString();

        HttpResponse<String> foreign = browser.get("/privacy/FR/history/" + eventId + "/receipt");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(browser.get("/privacy/FR/history/" + UUID.randomUUID() + "/receipt")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void placeholders_forDevicesAndRequests() {
        assertThat(browser.get("/privacy/FR/devices").body()).contains("No device is linked to you yet.");
        assertThat(browser.get("/privacy/FR/requests").body()).contains("You have made no request.");
    }

    private JsonNode decide(String purpose) {
        ObjectNode body = json.createObjectNode().put("entity", "FR").put("purpose", purpose);
        body.putObject("subject").put("scheme", "email").put("value", email);
        HttpResponse<String> response = post("/api/v1/decisions", basic("dpo", DEMO_PASSWORD), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response);
    }

    /** The card of one purpose on the choices page. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"purpose-" + id + "\"");
        assertThat(start).as(id).isNotNegative();
        int end = page.indexOf("</article>", start);
        return page.substring(start, end);
    }

    private static String noticeVersion(String section) {
        Matcher matcher =
                Pattern.compile("name=\"noticeVersion\" value=\"(\\d+)\"").matcher(section);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String key(String page) {
        Matcher matcher = KEY.matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1).replaceFirst(":.*$", "");
    }

    private String codeSentTo(String address) {
        SignInMessage message = ((DevelopmentMailbox) sender)
                .messages().stream()
                        .map(DevelopmentMailbox.Delivered::message)
                        .filter(sent -> sent.to().equals(address))
                        .findFirst()
                        .orElseThrow();
        Matcher matcher = CODE.matcher(message.text());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String randomAddress() {
        return "pages." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
    }
}
