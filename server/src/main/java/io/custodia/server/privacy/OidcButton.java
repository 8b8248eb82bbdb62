package io.custodia.server.privacy;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells the sign-in page whether to offer the company's identity provider, and under which name. */
@ControllerAdvice(assignableTypes = {PrivacyPages.class, OidcSignIn.class})
class OidcButton {
    private final OidcSettings settings;

    OidcButton(OidcSettings settings) {
        this.settings = settings;
    }

    /** The provider's name for the button, blank for the default wording; absent when there is no provider. */
    @ModelAttribute("oidcName")
    @Nullable
    String oidcName() {
        return settings.enabled() ? settings.name() : null;
    }
}
