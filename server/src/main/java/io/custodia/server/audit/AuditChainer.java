package io.custodia.server.audit;

import io.custodia.core.audit.AuditChain;
import io.custodia.server.platform.PassLoop;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed audit entries their place in the hash chain: a sequence number, the previous entry's hash and
 * their own hash ({@link AuditChain}). Runs on one thread of its own, woken after every commit that wrote an entry
 * and every {@link #INTERVAL} in any case, and on the thread of whoever calls {@link #chainCommitted()}.
 *
 * <p>Thread-safe.
 */
@Component
class AuditChainer implements SmartLifecycle {

    /*
     * Why writers no longer chain their own entries, and why this order is sound.
     *
     * Before, each writer locked the chain's head row, chained its entry and kept the lock until its commit, flush
     * to disk included. Every writer of the server, whatever it wrote, took its turn behind that lock, which capped
     * the server near 600 audited changes a second on two cores and defeated group commit (one flush per commit,
     * never shared). Now a writer only inserts its entry, unchained, in its own transaction: an entry still exists
     * if and only if the change it records commits, and writers contend on nothing but their own rows.
     *
     * The chain is then extended here, in passes. A pass locks the head row (so that chainers of several server
     * instances take turns, and a pass sees everything the previous pass wrote), reads the entries that are still
     * unchained and visible to it, oldest journal id first, gives each the next sequence number and its hash after
     * its predecessor's, and commits those fields together with the new head.
     *
     * - Only committed entries are chained: a statement sees no row of a transaction that has not committed, and
     *   an entry whose transaction rolls back never becomes visible, so it is never chained and leaves no gap.
     * - No committed entry is ever skipped: a pass does not read "after the last position" but "every entry still
     *   without a place" (the partial index audit_entry_unchained). An entry whose transaction took its journal id
     *   early and committed late, after entries with higher ids were chained, is simply chained in a later pass,
     *   after them. The chain is in the order entries became chainable, which is close to commit order, not journal
     *   order; nothing in the chain needs more. (The changes feed gives its positions the same way, in
     *   ChangeSequencer, so that its followers, which never look back, cannot miss a late commit either.)
     * - Sequence numbers have no gaps and are never reused: they are computed from the head, which only a pass
     *   holding its lock moves, in the same transaction as the entries it chains. A pass that fails rolls back as
     *   a whole and the next one starts from the same head.
     * - The update that chains an entry is the only update the table's trigger lets through: from no place to a
     *   place, every other field unchanged.
     *
     * Entries left unchained by a server that was killed are ordinary unchained entries: the first pass after the
     * next start chains them. Readers that need the chain up to their own writes call chainCommitted() (through
     * AuditTrail.awaitChained): it runs a pass on the caller's thread, whose snapshot sees every commit that came
     * before the call.
     */

    static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PassLoop loop;

    AuditChainer(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.loop = new PassLoop("audit-chainer", INTERVAL, BATCH, this::pass);
    }

    /** Asks the chainer thread for a pass soon; returns at once. */
    void wake() {
        loop.wake();
    }

    /** Chains every entry committed before the call, on the caller's thread. */
    void chainCommitted() {
        loop.runNow();
    }

    /** One pass: chains at most {@link #BATCH} entries, in one transaction; answers how many. */
    private int pass() {
        return Objects.requireNonNull(transactions.execute(status -> {
            record Head(long seq, String hash) {}
            Head head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                    .query(Head.class)
                    .single();
            List<Unchained> entries = jdbc.sql("""
                            select id, recorded_at, actor, action, object_type, object_id, entity_code, payload_digest
                            from audit_entry where seq is null order by id limit ?""")
                    .param(BATCH)
                    .query((rs, row) -> new Unchained(
                            rs.getLong("id"),
                            rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("object_type"),
                            rs.getString("object_id"),
                            rs.getString("entity_code"),
                            rs.getString("payload_digest")))
                    .list();
            if (entries.isEmpty()) {
                return 0;
            }
            long seq = head.seq();
            String previous = head.hash();
            List<Long> ids = new ArrayList<>(entries.size());
            List<Long> seqs = new ArrayList<>(entries.size());
            List<String> previousHashes = new ArrayList<>(entries.size());
            List<String> hashes = new ArrayList<>(entries.size());
            for (Unchained entry : entries) {
                seq++;
                String hash = AuditChain.hash(previous, entry.at(seq));
                ids.add(entry.id());
                seqs.add(seq);
                previousHashes.add(previous);
                hashes.add(hash);
                previous = hash;
            }
            int chained = jdbc.sql("""
                            update audit_entry e set seq = c.seq, previous_hash = c.previous_hash, hash = c.hash
                            from unnest(cast(:ids as bigint[]), cast(:seqs as bigint[]), cast(:previousHashes as text[]),
                                        cast(:hashes as text[])) as c(id, seq, previous_hash, hash)
                            where e.id = c.id and e.seq is null""")
                    .param("ids", ids.toArray(Long[]::new))
                    .param("seqs", seqs.toArray(Long[]::new))
                    .param("previousHashes", previousHashes.toArray(String[]::new))
                    .param("hashes", hashes.toArray(String[]::new))
                    .update();
            if (chained != entries.size()) {
                throw new IllegalStateException(
                        "Chained " + chained + " audit entries of " + entries.size() + ": another chainer interfered");
            }
            jdbc.sql("update audit_head set seq = ?, hash = ? where id = 1")
                    .params(seq, previous)
                    .update();
            return entries.size();
        }));
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

    /** An entry read from the journal, before it has its place. */
    private record Unchained(
            long id,
            Instant recordedAt,
            String actor,
            String action,
            String objectType,
            String objectId,
            @Nullable String entityCode,
            String payloadDigest) {
        AuditChain.Entry at(long seq) {
            return new AuditChain.Entry(
                    seq, recordedAt, actor, action, objectType, objectId, entityCode, payloadDigest);
        }
    }
}
