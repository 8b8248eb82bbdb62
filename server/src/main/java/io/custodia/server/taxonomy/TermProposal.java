package io.custodia.server.taxonomy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A new term as a person typed it in a form or an API call, not yet checked: {@link Taxonomy#extend} reports
 * every bad field at once.
 *
 * @param kind {@code purpose}, {@code data_category} or {@code subject_type}
 * @param names display names per language tag; {@code en} is required
 * @param dpv the W3C DPV IRI; null or blank to take the parent's
 * @param entity the entity whose extension receives the term, null or blank for the group taxonomy
 */
public record TermProposal(
        String kind,
        String key,
        Map<String, String> names,
        Map<String, String> descriptions,
        @Nullable String dpv,
        boolean special,
        @Nullable String entity) {

    public TermProposal {
        names = withoutBlanks(names);
        descriptions = withoutBlanks(descriptions);
    }

    private static Map<String, String> withoutBlanks(Map<String, String> texts) {
        Map<String, String> kept = new LinkedHashMap<>();
        texts.forEach((language, text) -> {
            if (language != null && text != null && !text.isBlank()) {
                kept.put(language, text);
            }
        });
        return Collections.unmodifiableMap(kept);
    }
}
