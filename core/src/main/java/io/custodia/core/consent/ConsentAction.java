package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a consent event records: a customer's choice about one purpose, or the lapse of an earlier grant. */
public enum ConsentAction {
    /** The customer agreed to the purpose (GDPR Art. 6(1)(a), 7). */
    GRANTED("granted"),
    /** The customer was asked and said no. Silence is not recorded as a grant. */
    REFUSED("refused"),
    /** The customer took back an earlier consent (GDPR Art. 7(3)); past lawful processing stays lawful. */
    WITHDRAWN("withdrawn"),
    /** The customer objected to processing on legitimate interest or public task (GDPR Art. 21). */
    OBJECTED("objected"),
    /** A grant reached the end of its renewal period. Recorded by Custodia itself, never sent by a client. */
    EXPIRED("expired");

    private final String key;

    ConsentAction(String key) {
        this.key = key;
    }

    /** The key used in the API and in files, e.g. {@code withdrawn}. */
    public String key() {
        return key;
    }

    /** Whether Custodia records this action itself, so that a client may not send it. */
    public boolean systemGenerated() {
        return this == EXPIRED;
    }

    /**
     * Parses a key such as {@code granted} (case-insensitive).
     *
     * @param field the field name to report when the key is unknown
     */
    public static ConsentAction of(String field, String value) {
        String normalised = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(action -> action.key.equals(normalised))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        field,
                        "'" + value + "' is not a consent action; use one of "
                                + Arrays.stream(values())
                                        .map(ConsentAction::key)
                                        .collect(Collectors.joining(", "))));
    }
}
