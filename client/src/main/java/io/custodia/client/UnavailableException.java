package io.custodia.client;

import io.custodia.core.CustodiaException;

/**
 * The server could not be reached, or kept answering that it is busy or unavailable, through every attempt a call
 * was allowed. A recording that failed this way may have been recorded; to try again later without the risk of
 * recording it twice, pass the same idempotency key ({@link CustodiaClient#record(ConsentRecord, String)}).
 */
public class UnavailableException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
