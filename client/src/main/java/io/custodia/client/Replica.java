package io.custodia.client;

import io.custodia.core.change.Change;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import io.custodia.core.decision.Snapshot;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The client's decision replica: an engine, the feed position it reflects, and the last time it could prove it was
 * fresh. One thread (the feed follower) writes; any number decide.
 *
 * <p>Freshness. The replica is fresh while the server was last heard from, by an event or a heartbeat, within the
 * staleness bound; past it, every decision is {@link Engine#staleReplica()}. A heartbeat proves more than liveness:
 * the server sends one only when it has sent every change of the entity up to the head it names, so the replica then
 * reflects the feed up to that head. Until a snapshot is loaded, and after the feed carried something this replica
 * cannot apply, it fails closed whatever the time.
 *
 * <p>Times are {@link java.time.Clock#millis()} readings passed in by the caller, so that tests control them.
 */
final class Replica {
    private static final long NEVER = Long.MIN_VALUE;
    private static final System.Logger LOG = System.getLogger("io.custodia.client");
    private static final ReplicaListener NO_LISTENER = (position, change) -> {};

    private final long maxStalenessMillis;
    private final long startedAtMillis;

    private volatile @Nullable Engine engine;
    private volatile long freshUntilMillis = NEVER;
    private volatile long confirmedAtMillis = NEVER;
    private volatile long position;
    private volatile long head;

    Replica(Duration maxStaleness, long nowMillis) {
        this.maxStalenessMillis = maxStaleness.toMillis();
        this.startedAtMillis = nowMillis;
    }

    /** The decision: the engine's, or a stale-replica denial; allocates nothing. */
    Decision decide(UUID subject, Question question, long nowMillis) {
        Engine current = engine;
        if (current == null || nowMillis > freshUntilMillis) {
            return Engine.staleReplica();
        }
        return current.decide(question, subject, Math.floorDiv(nowMillis, 1000));
    }

    /** Whether decisions are answered by the engine now. */
    boolean fresh(long nowMillis) {
        return engine != null && nowMillis <= freshUntilMillis;
    }

    /** The engine in use, or null before the first snapshot. */
    @Nullable
    Engine engine() {
        return engine;
    }

    /** Puts a freshly loaded snapshot in place of everything held. */
    void install(Snapshot.Loaded loaded, long nowMillis) {
        // Fresh before anyone waiting for the snapshot is woken, so that they find it fresh.
        confirm(nowMillis);
        synchronized (this) {
            engine = loaded.engine();
            position = loaded.position();
            head = Math.max(head, position);
            notifyAll();
        }
    }

    /** Applies a change at a feed position, telling no one; see {@link #apply(long, Change, long, ReplicaListener)}. */
    boolean apply(long at, Change change, long nowMillis) {
        return apply(at, change, nowMillis, NO_LISTENER);
    }

    /**
     * Applies a change at a feed position, tells the listener, then publishes the position: whoever waits for the
     * position ({@link #awaitPosition}) finds the change applied and the listener done with it.
     *
     * @return false when the position was applied already (a replay after a reconnection), and nothing was done
     * @throws io.custodia.core.InvalidInputException when the engine cannot apply the change; the caller fails closed
     * @throws IllegalStateException before a snapshot was loaded
     */
    boolean apply(long at, Change change, long nowMillis, ReplicaListener listener) {
        Engine current = engine;
        if (current == null) {
            throw new IllegalStateException("no snapshot loaded");
        }
        confirm(nowMillis);
        if (at <= position) {
            return false;
        }
        current.apply(change);
        try {
            listener.applied(at, change);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A replica listener failed", e);
        }
        synchronized (this) {
            position = at;
            head = Math.max(head, at);
            notifyAll();
        }
        return true;
    }

    /**
     * The server said the feed's head is {@code feedHead} and that every change of the entity up to it was sent; null
     * when it did not name the head.
     */
    void heartbeat(@Nullable Long feedHead, long nowMillis) {
        if (engine == null) {
            return;
        }
        confirm(nowMillis);
        if (feedHead != null) {
            synchronized (this) {
                head = Math.max(head, feedHead);
                position = Math.max(position, feedHead);
                notifyAll();
            }
        }
    }

    /** From now on every decision denies as stale, until the next snapshot is installed. */
    void failClosed() {
        freshUntilMillis = NEVER;
        confirmedAtMillis = NEVER;
        engine = null;
    }

    /** The feed position up to which every change of the entity is applied; 0 before a snapshot. */
    long position() {
        return position;
    }

    /** The highest feed position the server named; at least {@link #position()}. */
    long head() {
        return head;
    }

    /** Time since the replica last proved it was fresh; since it started when it never did. */
    Duration lag(long nowMillis) {
        long since = confirmedAtMillis == NEVER ? startedAtMillis : confirmedAtMillis;
        return Duration.ofMillis(Math.max(0, nowMillis - since));
    }

    /**
     * Waits until the replica reflects a feed position.
     *
     * @return whether it does, false when the time ran out first
     */
    synchronized boolean awaitPosition(long wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (position < wanted || engine == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void confirm(long nowMillis) {
        confirmedAtMillis = nowMillis;
        freshUntilMillis = nowMillis + maxStalenessMillis;
    }
}
