package io.custodia.server.decisions;

import java.time.Duration;

/**
 * The server's decision replica has not caught up with the writes this server acknowledged within the time a decision
 * may wait, for instance while it starts: the decision is not given rather than given on old data (503, retry).
 */
public final class ReplicaBehindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplicaBehindException(Duration waited) {
        super("The decision replica is catching up with recent changes (waited " + waited.toMillis()
                + " ms); try again shortly");
    }
}
