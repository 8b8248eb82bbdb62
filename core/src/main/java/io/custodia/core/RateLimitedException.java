package io.custodia.core;

/** Something was asked too often lately and is refused for a while; the server answers 429. */
public class RateLimitedException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    public RateLimitedException(String message) {
        super(message);
    }
}
