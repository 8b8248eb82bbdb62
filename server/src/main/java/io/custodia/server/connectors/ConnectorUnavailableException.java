package io.custodia.server.connectors;

import io.custodia.core.CustodiaException;

/**
 * A system could not be reached, timed out or answered 5xx. Retryable: nothing was changed in the system, or the
 * step is idempotent and may run again.
 */
public class ConnectorUnavailableException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    public ConnectorUnavailableException(String message) {
        super(message);
    }

    public ConnectorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
