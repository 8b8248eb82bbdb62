package io.custodia.core;

/** The request is well formed but clashes with the current state (a duplicate key, a forbidden transition). */
public class ConflictException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
