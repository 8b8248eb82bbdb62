package io.custodia.core.register;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a processing activity stands. Only an active activity lets data be used; retired is final.
 *
 * <p>Moves: draft → active, active → halted, halted → active, and any status but retired → retired.
 */
public enum ActivityStatus {
    DRAFT,
    ACTIVE,
    HALTED,
    RETIRED;

    /** The key used in the API and in files, e.g. {@code active}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an activity in this status may be moved to {@code next}. */
    public boolean mayBecome(ActivityStatus next) {
        return switch (this) {
            case DRAFT -> next == ACTIVE || next == RETIRED;
            case ACTIVE -> next == HALTED || next == RETIRED;
            case HALTED -> next == ACTIVE || next == RETIRED;
            case RETIRED -> false;
        };
    }

    /**
     * Parses a key such as {@code active} (case-insensitive).
     *
     * @param field the field to name when the key is unknown
     * @throws InvalidInputException naming the field and the statuses that exist
     */
    public static ActivityStatus of(String field, String value) {
        String normalised = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(status -> status.name().equals(normalised))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        field,
                        "'" + value + "' is not a status; use one of "
                                + Arrays.stream(values())
                                        .map(ActivityStatus::key)
                                        .collect(Collectors.joining(", "))));
    }
}
