package io.custodia.server.identity;

import java.util.Arrays;
import java.util.Optional;

/** What a service token may do; a token acts for one entity with the scopes it was given. */
public enum Scope {
    DECISIONS_READ("decisions:read"),
    CONSENT_WRITE("consent:write"),
    CONSENT_READ("consent:read"),
    FEED_READ("feed:read"),
    REQUESTS_WRITE("requests:write");

    private final String key;

    Scope(String key) {
        this.key = key;
    }

    /** The scope as the API spells it, such as {@code consent:write}. */
    public String key() {
        return key;
    }

    /** The Spring Security authority of a token with this scope, such as {@code SCOPE_consent:write}. */
    public String authority() {
        return "SCOPE_" + key;
    }

    /** The scope the API spells {@code key}, if there is one. */
    public static Optional<Scope> of(String key) {
        return Arrays.stream(values()).filter(scope -> scope.key.equals(key)).findFirst();
    }
}
