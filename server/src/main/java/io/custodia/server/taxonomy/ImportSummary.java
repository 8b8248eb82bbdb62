package io.custodia.server.taxonomy;

import io.custodia.core.taxonomy.TaxonomyPlan;
import io.custodia.core.taxonomy.TermKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an import did: how many terms it created, updated and found unchanged, in total and per kind.
 *
 * @param byKind counts per kind, keyed {@code purposes}, {@code dataCategories}, {@code subjectTypes}
 */
public record ImportSummary(int created, int updated, int unchanged, Map<String, TaxonomyPlan.Counts> byKind) {

    public ImportSummary {
        byKind = Collections.unmodifiableMap(new LinkedHashMap<>(byKind));
    }

    static ImportSummary of(TaxonomyPlan plan) {
        Map<String, TaxonomyPlan.Counts> byKind = new LinkedHashMap<>();
        byKind.put("purposes", plan.counts(TermKind.PURPOSE));
        byKind.put("dataCategories", plan.counts(TermKind.DATA_CATEGORY));
        byKind.put("subjectTypes", plan.counts(TermKind.SUBJECT_TYPE));
        return new ImportSummary(
                plan.created().size(), plan.updated().size(), plan.unchanged().size(), byKind);
    }
}
