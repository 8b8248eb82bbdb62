package io.custodia.server.requests;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a customer asks of the company about their data (GDPR Art. 15-18, 20, 21). */
public enum RequestType {
    /** A copy of their data and of what is done with it (Art. 15). */
    ACCESS,
    /** Their data in a machine-readable form, to take elsewhere (Art. 20). */
    PORTABILITY,
    /** Corrected data (Art. 16). */
    RECTIFICATION,
    /** Their data erased (Art. 17). */
    ERASURE,
    /** Their data kept but no longer used (Art. 18). */
    RESTRICTION,
    /** No more processing on legitimate interest, nor direct marketing (Art. 21). */
    OBJECTION;

    /** The type as the API spells it, such as {@code access}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the request releases the customer's data, which needs a verified identity first. */
    public boolean releasesData() {
        return this == ACCESS || this == PORTABILITY;
    }

    /**
     * The type the API spells {@code key}.
     *
     * @throws InvalidInputException naming {@code field} when there is none
     */
    static RequestType of(String field, String key) {
        return Arrays.stream(values())
                .filter(type -> type.key().equals(key))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        field,
                        "must be one of "
                                + Arrays.stream(values()).map(RequestType::key).collect(Collectors.joining(", "))));
    }
}
