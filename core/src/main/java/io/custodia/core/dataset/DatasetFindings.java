package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link DatasetRules} found when datasets are registered.
 *
 * @param errors broken rules that make a dataset unusable, e.g. an unknown data category or a reference to a field
 *     that does not exist. Nothing with errors is registered.
 * @param warnings what requests will not do as one might expect, e.g. a collection no identity field or reference
 *     reaches, whose records a request will not find. Datasets are registered with warnings, and the warnings are
 *     reported back.
 */
public record DatasetFindings(List<FieldError> errors, List<FieldError> warnings) {
    public DatasetFindings {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Whether the datasets may be registered. */
    public boolean registrable() {
        return errors.isEmpty();
    }

    /** Errors then warnings. */
    public List<FieldError> all() {
        return Stream.concat(errors.stream(), warnings.stream()).toList();
    }
}
