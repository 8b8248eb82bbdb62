package io.custodia.core.taxonomy;

import java.util.Map;

/**
 * A legal basis with the words shown for it: the basis itself is fixed by GDPR Art. 6(1); the names and
 * descriptions come from the default taxonomy file.
 *
 * @param names display name per language tag; {@code en} is always present
 */
public record LegalBasisTerm(LegalBasis basis, Map<String, String> names, Map<String, String> descriptions) {

    public LegalBasisTerm {
        names = Map.copyOf(names);
        descriptions = Map.copyOf(descriptions);
        if (!names.containsKey("en")) {
            throw new IllegalArgumentException("Legal basis " + basis.key() + " has no English name");
        }
    }

    /** The name in a language, falling back to English. */
    public String name(String language) {
        return names.getOrDefault(language, names.getOrDefault("en", basis.key()));
    }

    /** The description in a language, falling back to English, empty when there is none. */
    public String description(String language) {
        return descriptions.getOrDefault(language, descriptions.getOrDefault("en", ""));
    }
}
