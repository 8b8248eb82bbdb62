package io.custodia.client;

import io.custodia.core.change.Change;

/**
 * Told what the client's replica does, on the thread that follows the feed: keep it short, and do not call back into
 * the feed's work from it. An exception it throws is logged and ignored.
 */
public interface ReplicaListener {

    /**
     * A change of the feed was applied; decisions already see it. Called before the replica reports the position as
     * applied, so that {@link CustodiaClient#awaitPosition} returns only once this call has returned.
     */
    void applied(long position, Change change);

    /** The replica was loaded from a snapshot at a feed position, replacing what it held. */
    default void bootstrapped(long position, long subjects) {}

    /** The feed or the snapshot could not be read; the client retries after a back-off. */
    default void disconnected(Exception cause) {}
}
