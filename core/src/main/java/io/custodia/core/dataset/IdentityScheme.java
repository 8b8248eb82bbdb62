package io.custodia.core.dataset;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of identifier a data-subject request carries, and that an identity field of a dataset holds.
 *
 * <p>The keys are those of the subjects API ({@code customer_id}, {@code email}, {@code phone}, {@code device_id}),
 * so that a request's identifiers select the identity fields to start from without translation.
 */
public enum IdentityScheme {
    CUSTOMER_ID("customer_id"),
    EMAIL("email"),
    PHONE("phone"),
    DEVICE_ID("device_id");

    private final String key;

    IdentityScheme(String key) {
        this.key = key;
    }

    /** The key as written in files and in the API, e.g. {@code email}. */
    public String key() {
        return key;
    }

    /** The scheme of a key, empty for an unknown key. */
    public static Optional<IdentityScheme> of(String key) {
        return Arrays.stream(values()).filter(scheme -> scheme.key.equals(key)).findFirst();
    }

    /** The keys, comma-separated, for messages. */
    static String keys() {
        return String.join(
                ", ", Arrays.stream(values()).map(IdentityScheme::key).toList());
    }

    @Override
    public String toString() {
        return key;
    }
}
