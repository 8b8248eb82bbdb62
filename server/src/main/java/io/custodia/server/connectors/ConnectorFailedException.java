package io.custodia.server.connectors;

import io.custodia.core.CustodiaException;

/**
 * A step failed for good: the dataset does not fit the system, the system refused the request (4xx), or its answer
 * cannot be read. Not retryable without a change by a person.
 */
public class ConnectorFailedException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    public ConnectorFailedException(String message) {
        super(message);
    }

    public ConnectorFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
