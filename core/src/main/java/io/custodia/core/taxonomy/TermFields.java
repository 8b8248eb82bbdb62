package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reading the fields of one term from a parsed YAML or JSON map, collecting an error per bad field. */
final class TermFields {
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$");

    private TermFields() {}

    /** A required, well-formed key, or null after recording why not. */
    static @Nullable TermKey key(@Nullable Object value, String field, List<FieldError> errors) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(field, "must be text"));
            return null;
        }
        if (!TermKey.isValid(text)) {
            errors.add(new FieldError(
                    field,
                    "'" + abbreviate(text) + "' is not a taxonomy key: use lower-case dotted segments of letters,"
                            + " digits and _ such as user.contact.email"));
            return null;
        }
        return TermKey.of(text);
    }

    /**
     * Texts per language tag, such as {@code {en: Email address, fr: Adresse e-mail}}; blank texts are left out.
     *
     * @param englishRequired whether {@code en} must be present
     */
    static Map<String, String> texts(
            @Nullable Object value, String field, int maxLength, boolean englishRequired, List<FieldError> errors) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (value == null) {
            if (englishRequired) {
                errors.add(new FieldError(field + ".en", "an English name is required"));
            }
            return texts;
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError(field, "must map language tags to texts, e.g. {en: ..., fr: ...}"));
            return texts;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String language = String.valueOf(entry.getKey());
            String languageField = field + "." + language;
            if (!LANGUAGE.matcher(language).matches()) {
                errors.add(new FieldError(languageField, "is not a language tag such as en or fr"));
            } else if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
                errors.add(new FieldError(languageField, "must be text"));
            } else if (entry.getValue() instanceof String text && !text.isBlank()) {
                if (text.length() > maxLength) {
                    errors.add(new FieldError(languageField, "must have at most " + maxLength + " characters"));
                } else {
                    texts.put(language, text.strip());
                }
            }
        }
        if (englishRequired && !texts.containsKey("en")) {
            errors.add(new FieldError(field + ".en", "an English name is required"));
        }
        return texts;
    }

    /** An optional DPV IRI, or null when absent or after recording why it is bad. */
    static @Nullable String dpv(@Nullable Object value, String field, List<FieldError> errors) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            return null;
        }
        if (!(value instanceof String text) || !TaxonomyRules.isDpvIri(text.strip())) {
            errors.add(new FieldError(
                    field,
                    "must be an https IRI of the W3C Data Privacy Vocabulary, such as"
                            + " https://w3id.org/dpv#Marketing or https://w3id.org/dpv/pd#EmailAddress"));
            return null;
        }
        return text.strip();
    }

    /** An optional boolean, or null when absent or after recording why it is bad. */
    static @Nullable Boolean flag(@Nullable Object value, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        errors.add(new FieldError(field, "must be true or false"));
        return null;
    }

    /** An optional single text, or null. */
    static @Nullable String text(@Nullable Object value, String field, int maxLength, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(field, "must be text"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new FieldError(field, "must have at most " + maxLength + " characters"));
            return null;
        }
        return text.isBlank() ? null : text.strip();
    }

    /** Shortens untrusted text before it is quoted in a message. */
    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A readable name made from a key's last segment: {@code call_detail_records} gives "Call detail records". */
    static String nameFromKey(TermKey key) {
        String words = key.lastSegment().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
