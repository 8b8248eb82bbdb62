package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of taxonomy term. */
public enum TermKind {
    PURPOSE("purpose", "purposes", "https://w3id.org/dpv#Purpose"),
    DATA_CATEGORY("data_category", "data_categories", "https://w3id.org/dpv#PersonalData"),
    SUBJECT_TYPE("subject_type", "subject_types", "https://w3id.org/dpv#DataSubject");

    private final String key;
    private final String section;
    private final String genericDpv;

    TermKind(String key, String section, String genericDpv) {
        this.key = key;
        this.section = section;
        this.genericDpv = genericDpv;
    }

    /** The key used in the API, e.g. {@code data_category}. */
    public String key() {
        return key;
    }

    /** The name of this kind's list in a Custodia taxonomy file, e.g. {@code data_categories}. */
    public String section() {
        return section;
    }

    /**
     * The most general DPV concept of this kind, used for a term that names no IRI and has no parent to take
     * one from.
     */
    public String genericDpv() {
        return genericDpv;
    }

    /**
     * Parses a kind such as {@code purpose} or {@code data-category} (case-insensitive).
     *
     * @param field the field name to report when the kind is unknown
     */
    public static TermKind of(String field, String value) {
        String normalised = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(kind -> kind.key.equals(normalised))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        field,
                        "'" + value + "' is not a kind of term; use one of "
                                + Arrays.stream(values()).map(TermKind::key).collect(Collectors.joining(", "))));
    }
}
