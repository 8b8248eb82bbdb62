package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reading the taxonomy parts of a fideslang file (Ethyca Fides), so that Fides users can bring their taxonomy
 * to Custodia.
 *
 * <p>The lists {@code data_category}, {@code data_use} and {@code data_subject} (or their plurals) become data
 * categories, purposes and subject types. Of each item Custodia reads {@code fides_key}, {@code name},
 * {@code description} and {@code parent_key}, which must be the key without its last segment; other fideslang
 * fields and other lists (datasets, systems …) are left aside. Fideslang texts are English and name no DPV
 * concept, so an imported term keeps the French texts, DPV IRI and special flag it already has, and a new one
 * takes the IRI and flag of its nearest parent (see {@link TaxonomyRules#plan}).
 */
public final class FideslangFiles {
    private FideslangFiles() {}

    /** Reads the data categories, data uses and data subjects of a fideslang YAML file. */
    public static ParsedTaxonomy read(String yaml) {
        Object root = TaxonomyYaml.read(yaml);
        List<FieldError> errors = new ArrayList<>();
        List<TermDraft> drafts = new ArrayList<>();
        if (!(root instanceof Map<?, ?> document)) {
            errors.add(new FieldError(
                    "body",
                    "must be a fideslang YAML mapping with data_category, data_use or" + " data_subject lists"));
            return new ParsedTaxonomy(drafts, errors);
        }
        boolean found = false;
        for (Map.Entry<?, ?> section : document.entrySet()) {
            TermKind kind = kindOf(String.valueOf(section.getKey()));
            if (kind != null) {
                found = true;
                readSection(String.valueOf(section.getKey()), kind, section.getValue(), drafts, errors);
            }
        }
        if (!found) {
            errors.add(new FieldError("body", "has no data_category, data_use or data_subject list"));
        }
        return new ParsedTaxonomy(drafts, errors);
    }

    private static @Nullable TermKind kindOf(String section) {
        return switch (section) {
            case "data_category", "data_categories" -> TermKind.DATA_CATEGORY;
            case "data_use", "data_uses" -> TermKind.PURPOSE;
            case "data_subject", "data_subjects" -> TermKind.SUBJECT_TYPE;
            default -> null;
        };
    }

    private static void readSection(
            String name, TermKind kind, @Nullable Object value, List<TermDraft> drafts, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError(name, "must be a list"));
            return;
        }
        for (int index = 0; index < list.size(); index++) {
            String source = name + "[" + index + "]";
            if (!(list.get(index) instanceof Map<?, ?> fields)) {
                errors.add(new FieldError(source, "must be an item with fides_key and name"));
                continue;
            }
            int before = errors.size();
            TermKey key = TermFields.key(fields.get("fides_key"), source + ".fides_key", errors);
            String englishName = TermFields.text(fields.get("name"), source + ".name", TermFields.MAX_NAME, errors);
            String description = TermFields.text(
                    fields.get("description"), source + ".description", TermFields.MAX_DESCRIPTION, errors);
            Object parentKey = fields.get("parent_key");
            if (key != null && parentKey != null) {
                String expected = key.parent().map(TermKey::value).orElse(null);
                if (!parentKey.equals(expected)) {
                    errors.add(new FieldError(
                            source + ".parent_key",
                            expected == null
                                    ? "must be empty: " + key + " is a top-level key"
                                    : "must be " + expected + ", the fides_key without its last segment"));
                }
            }
            if (key != null && errors.size() == before) {
                drafts.add(new TermDraft(
                        source,
                        "fides_key",
                        kind,
                        key,
                        englishName == null ? Map.of() : Map.of("en", englishName),
                        description == null ? Map.of() : Map.of("en", description),
                        null,
                        null,
                        true));
            }
        }
    }
}
