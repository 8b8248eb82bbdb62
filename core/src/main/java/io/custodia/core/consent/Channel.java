package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a consent event was collected: part of the proof of how consent was obtained (GDPR Art. 7(1)). */
public enum Channel {
    /** A web page, usually through the consent prompt script. */
    WEB("web"),
    /** A mobile application. */
    APP("app"),
    /** A shop, in person. */
    STORE("store"),
    /** A call centre, by an agent on the phone with the customer. */
    CALL_CENTER("call_center"),
    /** A connected device of the customer's household. */
    IOT_DEVICE("iot_device"),
    /** A company service calling the API from its own screens. */
    API("api"),
    /** A bulk import of consents collected elsewhere, such as a former consent platform. */
    IMPORT("import");

    private final String key;

    Channel(String key) {
        this.key = key;
    }

    /** The key used in the API and in files, e.g. {@code call_center}. */
    public String key() {
        return key;
    }

    /**
     * Parses a key such as {@code call_center} (case-insensitive, {@code -} allowed).
     *
     * @param field the field name to report when the key is unknown
     */
    public static Channel of(String field, String value) {
        String normalised = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(channel -> channel.key.equals(normalised))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        field,
                        "'" + value + "' is not a channel; use one of "
                                + Arrays.stream(values()).map(Channel::key).collect(Collectors.joining(", "))));
    }
}
