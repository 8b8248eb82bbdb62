package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The six legal bases of GDPR Art. 6(1), with their W3C DPV IRIs. */
public enum LegalBasis {
    CONSENT("consent", "https://w3id.org/dpv#Consent", "6(1)(a)"),
    CONTRACT("contract", "https://w3id.org/dpv#Contract", "6(1)(b)"),
    LEGAL_OBLIGATION("legal_obligation", "https://w3id.org/dpv#LegalObligation", "6(1)(c)"),
    VITAL_INTEREST("vital_interest", "https://w3id.org/dpv#VitalInterest", "6(1)(d)"),
    // DPV has no "public task" concept: Art. 6(1)(e) maps to its PublicInterest (task in the public interest).
    PUBLIC_TASK("public_task", "https://w3id.org/dpv#PublicInterest", "6(1)(e)"),
    LEGITIMATE_INTEREST("legitimate_interest", "https://w3id.org/dpv#LegitimateInterest", "6(1)(f)");

    private final String key;
    private final String dpv;
    private final String article;

    LegalBasis(String key, String dpv, String article) {
        this.key = key;
        this.dpv = dpv;
        this.article = article;
    }

    /** The key used in the API and in files, e.g. {@code legitimate_interest}. */
    public String key() {
        return key;
    }

    /** The DPV IRI. */
    public String dpv() {
        return dpv;
    }

    /** The GDPR article, e.g. {@code 6(1)(a)}. */
    public String article() {
        return article;
    }

    /** Whether the customer may object to processing on this basis (GDPR Art. 21). */
    public boolean objectable() {
        return this == LEGITIMATE_INTEREST || this == PUBLIC_TASK;
    }

    /**
     * Parses a key such as {@code consent} or {@code legitimate_interest} (case-insensitive, {@code -} allowed).
     *
     * @param field the field name to report when the key is unknown
     */
    public static LegalBasis of(String field, String value) {
        String normalised = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(basis -> basis.key.equals(normalised))
                .findFirst()
                .orElseThrow(() -> InvalidInputException.of(
                        field,
                        "'" + value + "' is not a legal basis; use one of "
                                + Arrays.stream(values()).map(LegalBasis::key).collect(Collectors.joining(", "))));
    }
}
