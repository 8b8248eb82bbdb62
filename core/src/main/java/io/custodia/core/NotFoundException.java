package io.custodia.core;

/**
 * The thing asked for does not exist, or the caller may not see it: both answer the same, so that a missing
 * id and a foreign one cannot be told apart.
 */
public class NotFoundException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
