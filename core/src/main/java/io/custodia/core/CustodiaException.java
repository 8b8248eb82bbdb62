package io.custodia.core;

/**
 * The root of every failure Custodia reports on purpose.
 *
 * <p>Subclasses are named for the failure; the server maps each of them to one RFC 9457 problem type in one
 * place. Messages never contain personal data.
 */
public abstract class CustodiaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CustodiaException(String message) {
        super(message);
    }

    protected CustodiaException(String message, Throwable cause) {
        super(message, cause);
    }
}
