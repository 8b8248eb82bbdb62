package io.custodia.server.changes;

import io.custodia.server.platform.PassLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed rows of the changes log their feed position, in the order they became visible, and tells the
 * feed's readers when the head moved. Runs on one thread of its own, woken after every commit that appended a
 * change and every {@link #INTERVAL} in any case.
 *
 * <p>Thread-safe.
 */
@Component
class ChangeSequencer implements SmartLifecycle {

    /*
     * Why positions are given after commit.
     *
     * A follower reads "every change after position p" and then asks again from the last position it saw. If a
     * position were the id taken when the row was written, a transaction that took id 7 and committed after the one
     * that took id 8 would be skipped by a follower that had already read 8: it never looks back. That is the
     * classic hole of outbox feeds.
     *
     * So a row gets its position only once its transaction has committed. A pass locks the head row (several
     * server instances take turns, and a pass sees what the previous one wrote), reads the rows still without a
     * position that its snapshot sees (only committed rows are visible; a rolled-back row never is, so it leaves no
     * gap), numbers them after the head in id order, and commits the positions with the new head. A row that
     * commits late is simply numbered by a later pass, after everything numbered before: positions only grow, have
     * no gaps, and every committed row gets exactly one. Readers read only rows with a position, so what they see
     * after p can never change.
     *
     * The price is latency: a change reaches the feed one pass after its commit. Writers wake the sequencer after
     * their commit, so that is a few milliseconds; the timer is the safety net, and it also numbers rows a killed
     * server left behind once the next one starts.
     */

    static final Duration INTERVAL = Duration.ofMillis(100);
    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PassLoop loop;
    private final ReentrantLock headLock = new ReentrantLock();
    private final Condition headMoved = headLock.newCondition();
    private volatile long head = -1;
    private final AtomicLong commits = new AtomicLong();
    private volatile FeedWatermark watermark = new FeedWatermark(-1, 0);

    ChangeSequencer(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.loop = new PassLoop("custodia-change-sequencer", INTERVAL, BATCH, this::pass);
    }

    /** Asks for a pass soon; returns at once. */
    void wake() {
        loop.wake();
    }

    /**
     * Counts a commit that appended changes and asks for a pass; called after the commit, before the writer answers
     * its caller.
     */
    void committed() {
        commits.incrementAndGet();
        loop.wake();
    }

    /** How many commits that appended changes this server has seen. */
    long commits() {
        return commits.get();
    }

    /** The head with the commits known to be numbered at or before it. */
    FeedWatermark watermark() {
        FeedWatermark known = watermark;
        if (known.head() >= 0) {
            return known;
        }
        long position = head();
        // Before the first pass of this server, no commit of its own is known to be numbered.
        return new FeedWatermark(position, 0);
    }

    /** Gives a position to every row committed before the call, on the caller's thread; answers the new head. */
    long sequenceCommitted() {
        loop.runNow();
        return head();
    }

    /** The last position given, as last seen by this server. */
    long head() {
        long known = head;
        if (known >= 0) {
            return known;
        }
        long stored = jdbc.sql("select position from change_head where id = 1")
                .query(Long.class)
                .single();
        moved(stored);
        return stored;
    }

    /**
     * Waits until the head passes a position, or the time is up.
     *
     * @return the head when it returned
     */
    long awaitAfter(long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        headLock.lock();
        try {
            while (head() <= position) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                headMoved.awaitNanos(left);
            }
            return head();
        } finally {
            headLock.unlock();
        }
    }

    /**
     * Waits until the watermark is another than {@code seen} (the head moved or more commits are known to be
     * numbered), or the time is up.
     *
     * @return the watermark when it returned
     */
    FeedWatermark awaitWatermark(FeedWatermark seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        headLock.lock();
        try {
            while (watermark().equals(seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                headMoved.awaitNanos(left);
            }
            return watermark();
        } finally {
            headLock.unlock();
        }
    }

    private int pass() {
        // Read before the pass's snapshot is taken: every commit counted here is visible to the pass.
        long seen = commits.get();
        return Objects.requireNonNull(transactions.execute(status -> {
            long from = jdbc.sql("select position from change_head where id = 1 for update")
                    .query(Long.class)
                    .single();
            List<Long> ids = jdbc.sql("select id from change_log where position is null order by id limit ?")
                    .param(BATCH)
                    .query(Long.class)
                    .list();
            if (ids.isEmpty()) {
                afterCommit(from, seen);
                return 0;
            }
            long last = from + ids.size();
            jdbc.sql("""
                            update change_log set position = numbered.position
                            from (select id, ? + row_number() over (order by id) as position
                                  from unnest(?::bigint[]) as pending (id)) numbered
                            where change_log.id = numbered.id""").params(from, ids.toArray(Long[]::new)).update();
            jdbc.sql("update change_head set position = ? where id = 1")
                    .param(last)
                    .update();
            // A full batch may have left rows of counted commits without a position: claim no commit then.
            afterCommit(last, ids.size() < BATCH ? seen : -1);
            return ids.size();
        }));
    }

    private void afterCommit(long position, long numberedCommits) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                moved(position, numberedCommits);
            }
        });
    }

    private void moved(long position) {
        moved(position, -1);
    }

    /**
     * @param numberedCommits how many of this server's commits are numbered at or before the position, or -1 when
     *     unknown
     */
    private void moved(long position, long numberedCommits) {
        headLock.lock();
        try {
            FeedWatermark known = watermark;
            long numbered = Math.max(known.commits(), numberedCommits);
            if (position > head) {
                head = position;
            }
            if (head > known.head() || numbered > known.commits()) {
                watermark = new FeedWatermark(head, numbered);
            }
            headMoved.signalAll();
        } finally {
            headLock.unlock();
        }
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
