package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One taxonomy term: a purpose, a data category or a subject type.
 *
 * @param names the display name per language tag ({@code en}, {@code fr}); {@code en} is always present
 * @param descriptions plain-language description per language tag, possibly empty
 * @param dpv the W3C DPV IRI the term maps to (for data categories, usually under {@code https://w3id.org/dpv/pd#})
 * @param special for data categories: a special category of GDPR Art. 9 (health, biometrics, beliefs …)
 * @param entityCode null for the group-wide taxonomy, else the entity that extended it
 */
public record Term(
        TermKind kind,
        TermKey key,
        Map<String, String> names,
        Map<String, String> descriptions,
        String dpv,
        boolean special,
        @Nullable String entityCode) {

    public Term {
        names = Map.copyOf(names);
        descriptions = Map.copyOf(descriptions);
        if (!names.containsKey("en")) {
            throw InvalidInputException.of("names.en", "an English name is required");
        }
    }

    /** The name in a language, falling back to English. */
    public String name(String language) {
        return names.getOrDefault(language, names.getOrDefault("en", key.value()));
    }

    /** The description in a language, falling back to English, empty when there is none. */
    public String description(String language) {
        return descriptions.getOrDefault(language, descriptions.getOrDefault("en", ""));
    }

    public Optional<TermKey> parent() {
        return key.parent();
    }

    /** Whether the term belongs to the whole group rather than to one entity's extension. */
    public boolean groupWide() {
        return entityCode == null;
    }

    /**
     * Whether the other term says the same thing: same kind, key, names, descriptions, DPV IRI and special flag,
     * whoever owns it.
     */
    public boolean sameDefinitionAs(Term other) {
        return kind == other.kind
                && key.equals(other.key)
                && names.equals(other.names)
                && descriptions.equals(other.descriptions)
                && dpv.equals(other.dpv)
                && special == other.special;
    }
}
