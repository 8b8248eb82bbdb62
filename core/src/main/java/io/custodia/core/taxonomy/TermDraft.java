package io.custodia.core.taxonomy;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A term as read from a file or a form, before it is checked against the taxonomy it would join.
 *
 * @param source where it was read, as a field path such as {@code purposes[2]}; empty for a single form
 * @param keyField the name of the key field in that source: {@code key}, or {@code fides_key} in fideslang
 * @param names display names per language tag; may lack English only when {@code mergeTexts} is set
 * @param dpv the DPV IRI; null to keep the stored one, or else to take the nearest parent's
 * @param special the special-category flag; null to keep the stored one, or else to take the parent's
 * @param mergeTexts whether names and descriptions are added to the stored ones (fideslang carries English
 *     only) rather than replacing them
 */
public record TermDraft(
        String source,
        String keyField,
        TermKind kind,
        TermKey key,
        Map<String, String> names,
        Map<String, String> descriptions,
        @Nullable String dpv,
        @Nullable Boolean special,
        boolean mergeTexts) {

    public TermDraft {
        names = Map.copyOf(names);
        descriptions = Map.copyOf(descriptions);
    }

    /** The path of one of this draft's fields, e.g. {@code purposes[2].dpv}. */
    public String field(String name) {
        return source.isEmpty() ? name : source + "." + name;
    }
}
