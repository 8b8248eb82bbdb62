package io.custodia.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.consent.AgeBand;
import io.custodia.server.CustodiaTest;
import io.custodia.server.CustomerIdentityProvider;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The privacy center's sign-in through the company's customer identity provider: a real OpenID Connect server over
 * HTTP ({@link CustomerIdentityProvider}), the authorization-code flow run by the server, and a browser without
 * JavaScript following the redirects between them.
 */
class PrivacyOidcSignInTests extends CustodiaTest {
    @Autowired
    Subjects subjects;

    @Autowired
    JdbcClient jdbc;

    private String entity;
    private String email;
    private UUID subject;

    @BeforeEach
    void customer() {
        entity = createEntity('O', "Provider sign-in");
        email = "customer." + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "@example.org";
        subject = subjects.register(
                "system:test",
                new Subjects.NewSubject(entity, AgeBand.UNKNOWN, List.of(SubjectIdentifier.of("email", email))));
    }

    @Test
    void theSignInPage_offersTheProvider_besideTheCode() {
        String page =
                new PrivacyClient(port).get("/privacy/" + entity + "/sign-in").body();

        assertThat(page)
                .contains("Send me a code", "Sign in with Demo Telecom ID")
                .contains("href=\"/privacy/" + entity + "/sign-in/oidc\"");
    }

    @Test
    void aCustomerTheProviderVouchesFor_isSignedIn_toTheirOwnCenter() {
        PrivacyClient browser = new PrivacyClient(port);
        CustomerIdentityProvider.nextSignIn("provider-id-1", Map.of("email", email, "email_verified", true));

        HttpResponse<String> landed = browser.follow(browser.get("/privacy/" + entity + "/sign-in/oidc"));

        assertThat(landed.statusCode()).isEqualTo(200);
        assertThat(landed.uri().getPath()).isEqualTo("/privacy/" + entity);
        assertThat(landed.body()).contains("What we hold about you, and why", email);
        assertThat(browser.get("/privacy/" + entity + "/history").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select actor from audit_entry where action = 'privacy.signed_in' and object_id = ?")
                        .param(subject.toString())
                        .query(String.class)
                        .list())
                .containsExactly("customer:" + subject);
    }

    @Test
    void anAddressTheProviderDidNotVerify_opensNothing() {
        PrivacyClient browser = new PrivacyClient(port);
        CustomerIdentityProvider.nextSignIn("provider-id-2", Map.of("email", email, "email_verified", false));

        HttpResponse<String> landed = browser.follow(browser.get("/privacy/" + entity + "/sign-in/oidc"));

        assertThat(landed.uri().getPath()).isEqualTo("/privacy/" + entity + "/sign-in/unknown");
        assertThat(landed.body()).contains("No data linked to this account").doesNotContain(email);
        HttpResponse<String> overview = browser.get("/privacy/" + entity);
        assertThat(overview.statusCode()).isEqualTo(302);
        assertThat(PrivacyClient.location(overview)).isEqualTo("/privacy/" + entity + "/sign-in");
    }

    @Test
    void someoneTheEntityDoesNotKnow_isToldSo_andSignedInToNothing() {
        PrivacyClient browser = new PrivacyClient(port);
        CustomerIdentityProvider.nextSignIn(
                "provider-id-3", Map.of("email", "stranger." + email, "email_verified", true));

        HttpResponse<String> landed = browser.follow(browser.get("/privacy/" + entity + "/sign-in/oidc"));

        assertThat(landed.uri().getPath()).isEqualTo("/privacy/" + entity + "/sign-in/unknown");
        assertThat(PrivacyClient.location(browser.get("/privacy/" + entity))).endsWith("/sign-in");
    }

    @Test
    void aForgedAnswer_fromTheProvider_signsNoOneIn() {
        PrivacyClient browser = new PrivacyClient(port);
        // The flow starts as usual, then an answer arrives that the provider did not send (wrong state).
        HttpResponse<String> toProvider = browser.get("/privacy/" + entity + "/sign-in/oidc");
        assertThat(PrivacyClient.location(toProvider)).isEqualTo("/privacy/oidc/authorize/customers");
        HttpResponse<String> authorize = browser.get("/privacy/oidc/authorize/customers");
        assertThat(authorize.headers().firstValue("Location").orElseThrow())
                .startsWith(CustomerIdentityProvider.issuer())
                .contains("code_challenge=", "nonce=", "state=");

        HttpResponse<String> forged = browser.get("/privacy/oidc/callback/customers?code=forged&state=forged");

        assertThat(PrivacyClient.location(forged)).isEqualTo("/privacy/" + entity + "/sign-in?provider=failed");
        assertThat(browser.get("/privacy/" + entity + "/sign-in?provider=failed")
                        .body())
                .contains("Signing in with your customer account did not succeed");
        assertThat(PrivacyClient.location(browser.get("/privacy/" + entity))).endsWith("/sign-in");
    }
}
