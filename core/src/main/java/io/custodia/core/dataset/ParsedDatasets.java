package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;

/**
 * The datasets read from one file.
 *
 * @param datasets the datasets, in the file's order
 * @param warnings parts of the file that were read but are not used, each under its path in the file (e.g. a
 *     fideslang {@code after} list: Custodia orders a traversal by the references alone)
 */
public record ParsedDatasets(List<Dataset> datasets, List<FieldError> warnings) {
    public ParsedDatasets {
        datasets = List.copyOf(datasets);
        warnings = List.copyOf(warnings);
    }
}
