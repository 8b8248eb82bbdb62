package io.custodia.core.register;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether the group lets a recipient receive personal data; a suspended recipient gets nothing. */
public enum RecipientStatus {
    APPROVED,
    CONDITIONAL,
    SUSPENDED;

    /** The key used in the API and in files, e.g. {@code approved}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this key (case-insensitive), if there is one. */
    public static Optional<RecipientStatus> find(String key) {
        String normalised = key.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(status -> status.name().equals(normalised))
                .findFirst();
    }
}
