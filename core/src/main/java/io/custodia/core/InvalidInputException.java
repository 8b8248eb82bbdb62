package io.custodia.core;

import java.util.List;

/**
 * Input that breaks a rule; carries one {@link FieldError} per broken rule so a caller can fix them all at
 * once. Nothing is changed when this is thrown.
 */
public class InvalidInputException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    private final List<FieldError> errors;

    public InvalidInputException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** A single broken rule on one field. */
    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /**
     * One broken rule: the field (a JSON path such as {@code purposes[0].legalBasis}) and what is wrong in
     * words a DPO understands.
     */
    public record FieldError(String field, String message) {}
}
