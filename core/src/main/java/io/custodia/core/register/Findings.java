package io.custodia.core.register;

import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link RegisterRules} found wrong with an activity draft.
 *
 * @param errors broken rules that make the draft unusable: unknown keys, malformed values. Nothing with errors
 *     is stored.
 * @param gaps what is still missing before the activity may become active, e.g. the notice of a consent purpose.
 *     A draft may be saved with gaps; they are reported back as warnings.
 */
public record Findings(List<FieldError> errors, List<FieldError> gaps) {
    public Findings {
        errors = List.copyOf(errors);
        gaps = List.copyOf(gaps);
    }

    /** Whether the draft may be stored (as a draft). */
    public boolean storable() {
        return errors.isEmpty();
    }

    /** Whether the activity may be active. */
    public boolean complete() {
        return errors.isEmpty() && gaps.isEmpty();
    }

    /** Errors then gaps. */
    public List<FieldError> all() {
        return Stream.concat(errors.stream(), gaps.stream()).toList();
    }
}
