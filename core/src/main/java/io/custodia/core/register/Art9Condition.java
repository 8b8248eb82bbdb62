package io.custodia.core.register;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The conditions of GDPR Art. 9(2) under which special categories of personal data (health, biometrics …) may
 * be processed; an activity that touches a special category must name one.
 */
public enum Art9Condition {
    /** 9(2)(a): the person gave explicit consent. */
    EXPLICIT_CONSENT("9(2)(a)"),
    /** 9(2)(b): obligations in employment, social security and social protection law. */
    EMPLOYMENT_SOCIAL_SECURITY("9(2)(b)"),
    /** 9(2)(c): vital interests of a person unable to consent. */
    VITAL_INTERESTS("9(2)(c)"),
    /** 9(2)(d): a not-for-profit body's legitimate activities with its members. */
    NOT_FOR_PROFIT("9(2)(d)"),
    /** 9(2)(e): data the person manifestly made public. */
    MADE_PUBLIC("9(2)(e)"),
    /** 9(2)(f): legal claims or courts acting in their judicial capacity. */
    LEGAL_CLAIMS("9(2)(f)"),
    /** 9(2)(g): substantial public interest on the basis of law. */
    SUBSTANTIAL_PUBLIC_INTEREST("9(2)(g)"),
    /** 9(2)(h): preventive or occupational medicine, health or social care. */
    HEALTH_CARE("9(2)(h)"),
    /** 9(2)(i): public interest in public health. */
    PUBLIC_HEALTH("9(2)(i)"),
    /** 9(2)(j): archiving in the public interest, research or statistics. */
    ARCHIVING_RESEARCH("9(2)(j)");

    private final String article;

    Art9Condition(String article) {
        this.article = article;
    }

    /** The key used in the API and in files, e.g. {@code explicit_consent}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The GDPR article, e.g. {@code 9(2)(a)}. */
    public String article() {
        return article;
    }

    /** The condition with this key (case-insensitive), if there is one. */
    public static Optional<Art9Condition> find(String key) {
        String normalised = key.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(condition -> condition.name().equals(normalised))
                .findFirst();
    }
}
