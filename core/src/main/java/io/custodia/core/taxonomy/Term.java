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

    public Optional<TermKey> parent() {
        return key.parent();
    }
}
