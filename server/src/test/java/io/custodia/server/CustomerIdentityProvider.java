package io.custodia.server;

import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A company's customer identity provider for the tests: a real OpenID Connect server over HTTP on a port of its own
 * (discovery, authorization, token and key endpoints; ID tokens signed with its own key), started once per test JVM.
 * It is the mock-oauth2-server library's: its authorization endpoint signs in, without a login form, whoever the
 * test queued with {@link #nextSignIn}, which stands for a customer typing their password at the company's provider.
 */
public final class CustomerIdentityProvider {
    /** Custodia's client id at the provider. */
    public static final String CLIENT_ID = "custodia-privacy-center";

    private static final String ISSUER_ID = "customers";
    private static final MockOAuth2Server SERVER = started();

    private CustomerIdentityProvider() {}

    /** The provider's issuer, which Custodia reads the discovery document from. */
    public static String issuer() {
        return SERVER.issuerUrl(ISSUER_ID).toString();
    }

    /**
     * The person the provider signs in next, with the claims of their ID token.
     *
     * @param subject the provider's own id of the person ({@code sub})
     */
    public static void nextSignIn(String subject, Map<String, Object> claims) {
        SERVER.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    private static MockOAuth2Server started() {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "identity-provider-shutdown"));
        return server;
    }
}
