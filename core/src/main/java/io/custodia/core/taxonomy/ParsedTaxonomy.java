package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;

/**
 * What a taxonomy file or form held: the terms that could be read, and one error per field that could not.
 * Nothing is stored from it until {@link TaxonomyRules#plan} has found no error at all.
 */
public record ParsedTaxonomy(List<TermDraft> drafts, List<FieldError> errors) {
    public ParsedTaxonomy {
        drafts = List.copyOf(drafts);
        errors = List.copyOf(errors);
    }
}
