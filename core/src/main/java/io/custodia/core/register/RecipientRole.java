package io.custodia.core.register;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The part a recipient of personal data plays (GDPR Art. 4(7)–(9), Art. 26). */
public enum RecipientRole {
    PROCESSOR,
    CONTROLLER,
    JOINT_CONTROLLER,
    PUBLIC_AUTHORITY;

    /** The key used in the API and in files, e.g. {@code joint_controller}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role with this key (case-insensitive), if there is one. */
    public static Optional<RecipientRole> find(String key) {
        String normalised = key.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(role -> role.name().equals(normalised))
                .findFirst();
    }
}
