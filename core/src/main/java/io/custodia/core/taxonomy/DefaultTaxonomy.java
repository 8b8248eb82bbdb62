package io.custodia.core.taxonomy;

import java.util.List;

/**
 * The taxonomy Custodia ships for a telecom group: its terms (all group-wide) and the words for the six legal
 * bases. See {@link TaxonomyFiles#defaultTaxonomy()}.
 */
public record DefaultTaxonomy(List<Term> terms, List<LegalBasisTerm> legalBases) {
    public DefaultTaxonomy {
        terms = List.copyOf(terms);
        legalBases = List.copyOf(legalBases);
    }
}
