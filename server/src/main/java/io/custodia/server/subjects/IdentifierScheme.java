package io.custodia.server.subjects;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The kinds of external identifier that name a customer (API.md, "Subjects"). */
public enum IdentifierScheme {
    CUSTOMER_ID("customer_id", Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")),
    EMAIL("email", Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$")),
    PHONE("phone", Pattern.compile("^\\+[1-9][0-9]{6,14}$")),
    DEVICE_ID("device_id", Pattern.compile("^[A-Za-z0-9:._-]{4,128}$"));

    private final String key;
    private final Pattern format;

    IdentifierScheme(String key, Pattern format) {
        this.key = key;
        this.format = format;
    }

    public String key() {
        return key;
    }

    /** Parses a scheme key such as {@code email}. */
    public static IdentifierScheme of(String value) {
        // A loop, not a stream: this runs for every identifier of every request.
        for (IdentifierScheme scheme : values()) {
            if (scheme.key.equals(value)) {
                return scheme;
            }
        }
        throw InvalidInputException.of(
                "subject.scheme",
                "'" + value + "' is not an identifier scheme; use one of "
                        + Arrays.stream(values()).map(IdentifierScheme::key).collect(Collectors.joining(", ")));
    }

    /**
     * The canonical form of a value under this scheme (e-mail lower-cased, phone in E.164), so that one person
     * typed two ways is found once.
     *
     * @throws InvalidInputException naming {@code subject.value} when the value is malformed
     */
    public String normalise(String value) {
        String trimmed = value.trim();
        String canonical =
                switch (this) {
                    case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
                    case PHONE -> trimmed.replaceAll("[\\s().-]", "");
                    default -> trimmed;
                };
        if (!format.matcher(canonical).matches()) {
            throw InvalidInputException.of("subject.value", "is not a valid " + key);
        }
        return canonical;
    }
}
