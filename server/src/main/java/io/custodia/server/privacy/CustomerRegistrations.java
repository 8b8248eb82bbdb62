package io.custodia.server.privacy;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The company's customer identity provider as Spring Security's one client registration, read from the provider's
 * discovery document on first use rather than at start: Custodia starts, and signs customers in by code, while the
 * provider is away, and tries again on the next sign-in.
 *
 * <p>Thread-safe.
 */
final class CustomerRegistrations implements ClientRegistrationRepository {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerRegistrations.class);

    private final OidcSettings settings;
    private volatile @Nullable ClientRegistration registration;

    CustomerRegistrations(OidcSettings settings) {
        this.settings = settings;
    }

    @Override
    public @Nullable ClientRegistration findByRegistrationId(String registrationId) {
        if (!OidcSettings.REGISTRATION.equals(registrationId) || !settings.enabled()) {
            return null;
        }
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        try {
            known = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                    .registrationId(OidcSettings.REGISTRATION)
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret())
                    .scope(settings.scopes())
                    .redirectUri("{baseUrl}/privacy/oidc/callback/{registrationId}")
                    .build();
        } catch (RuntimeException e) {
            LOG.warn("The customer identity provider {} cannot be reached: {}", settings.issuerUri(), e.toString());
            return null;
        }
        registration = known;
        return known;
    }
}
