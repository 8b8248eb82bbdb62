package io.custodia.server.privacy;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The company's customer identity provider (OpenID Connect), offered in the privacy center beside the e-mail code:
 * {@code custodia.privacy.oidc.*}, from the {@code CUSTODIA_PRIVACY_OIDC_*} variables. No issuer means none.
 *
 * @param issuerUri the provider's issuer; its discovery document is read on first use
 * @param clientId Custodia's client id at the provider
 * @param clientSecret Custodia's client secret at the provider
 * @param claim the ID token's claim that names the customer
 * @param scheme the identifier scheme that claim is: {@code email}, {@code phone} or {@code customer_id}
 * @param name the provider's name on the sign-in button; blank says "your customer account"
 * @param scopes the scopes asked for, {@code openid} and what the claim needs
 */
@ConfigurationProperties(prefix = "custodia.privacy.oidc")
record OidcSettings(
        String issuerUri,
        String clientId,
        String clientSecret,
        String claim,
        String scheme,
        String name,
        List<String> scopes) {

    /** The registration id in Spring Security's paths. */
    static final String REGISTRATION = "customers";

    OidcSettings {
        issuerUri = issuerUri == null ? "" : issuerUri.strip();
        clientId = clientId == null ? "" : clientId.strip();
        clientSecret = clientSecret == null ? "" : clientSecret;
        claim = claim == null || claim.isBlank() ? "email" : claim.strip();
        scheme = scheme == null || scheme.isBlank() ? "email" : scheme.strip();
        name = name == null ? "" : name.strip();
        if (scopes == null || scopes.isEmpty()) {
            scopes = switch (scheme) {
                case "email" -> List.of("openid", "email");
                case "phone" -> List.of("openid", "phone");
                default -> List.of("openid");
            };
        }
        scopes = List.copyOf(scopes);
    }

    /** Whether a provider is configured. */
    boolean enabled() {
        return !issuerUri.isEmpty();
    }
}
