package io.custodia.server.audit;

import io.custodia.core.audit.AuditChain;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * The audit feature's facade: appends an entry to the hash-chained log inside the caller's transaction.
 *
 * <p>An entry is written with the change it records, so it exists if and only if the change commits. Its place in
 * the hash chain (sequence number, previous hash, hash) is given moments after the commit by the {@link
 * AuditChainer}, so that writers share no lock and commit in parallel; {@link #awaitChained()} waits for it. The
 * payload itself is not stored, only its SHA-256 digest over a canonical JSON form (map entries sorted by key, so
 * that equal payloads give equal digests whatever order their maps were filled in): the log proves what happened
 * without copying personal data.
 *
 * <p>Thread-safe.
 */
@Service
public class AuditTrail {
    private final JdbcClient jdbc;
    private final AuditChainer chainer;
    private final Clock clock;
    private final ObjectMapper canonicalJson;

    AuditTrail(JdbcClient jdbc, AuditChainer chainer, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.chainer = chainer;
        this.clock = clock;
        this.canonicalJson = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    /**
     * Records a change. The entry takes its place in the chain shortly after the caller's transaction commits.
     *
     * @param actor who did it, e.g. {@code staff:alice} or {@code system}
     * @param action what was done, e.g. {@code activity.created}
     * @param objectType the kind of object changed
     * @param objectId its id
     * @param entityCode the entity it belongs to, if any
     * @param payload what changed; only its digest is kept
     * @return the entry's id in the journal (not its sequence number in the chain, which it gets after the commit)
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(
            String actor,
            String action,
            String objectType,
            String objectId,
            @Nullable String entityCode,
            Object payload) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String payloadDigest = AuditChain.sha256Hex(canonicalJson.writeValueAsBytes(payload));
        long id = jdbc.sql("""
                        insert into audit_entry (recorded_at, actor, action, object_type, object_id, entity_code,
                                                 payload_digest)
                        values (:recordedAt, :actor, :action, :objectType, :objectId, :entityCode, :payloadDigest)
                        returning id""")
                .param("recordedAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("actor", actor)
                .param("action", action)
                .param("objectType", objectType)
                .param("objectId", objectId)
                .param("entityCode", entityCode)
                .param("payloadDigest", payloadDigest)
                .query(Long.class)
                .single();
        wakeChainerAfterCommit();
        return id;
    }

    private void wakeChainerAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                chainer.wake();
            }
        });
    }

    /**
     * One change for {@link #recordAll}; the fields are those of {@link #record}.
     *
     * @param payload what changed; only its digest is kept
     */
    public record Entry(
            String actor,
            String action,
            String objectType,
            String objectId,
            @Nullable String entityCode,
            Object payload) {}

    /**
     * Records several changes with one statement, in the order given, as {@link #record} records each: the entries
     * take their places in the chain, in that order, shortly after the caller's transaction commits.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int size = entries.size();
        String[] actors = new String[size];
        String[] actions = new String[size];
        String[] objectTypes = new String[size];
        String[] objectIds = new String[size];
        @Nullable String[] entityCodes = new String[size];
        String[] digests = new String[size];
        for (int index = 0; index < size; index++) {
            Entry entry = entries.get(index);
            actors[index] = entry.actor();
            actions[index] = entry.action();
            objectTypes[index] = entry.objectType();
            objectIds[index] = entry.objectId();
            entityCodes[index] = entry.entityCode();
            digests[index] = AuditChain.sha256Hex(canonicalJson.writeValueAsBytes(entry.payload()));
        }
        // Rows get their journal ids in the order of the arrays (ordinality), so the chain keeps the order given.
        jdbc.sql("""
                        insert into audit_entry (recorded_at, actor, action, object_type, object_id, entity_code,
                                                 payload_digest)
                        select :recordedAt, e.actor, e.action, e.object_type, e.object_id, e.entity_code, e.digest
                        from unnest(cast(:actors as text[]), cast(:actions as text[]), cast(:objectTypes as text[]),
                                    cast(:objectIds as text[]), cast(:entityCodes as text[]),
                                    cast(:digests as text[])) with ordinality
                             as e(actor, action, object_type, object_id, entity_code, digest, n)
                        order by e.n""")
                .param(
                        "recordedAt",
                        OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC))
                .param("actors", actors)
                .param("actions", actions)
                .param("objectTypes", objectTypes)
                .param("objectIds", objectIds)
                .param("entityCodes", entityCodes)
                .param("digests", digests)
                .update();
        wakeChainerAfterCommit();
    }

    /**
     * Waits until every entry committed before this call has its place in the chain. Call it outside a
     * transaction; it normally returns within milliseconds.
     *
     * @throws IllegalStateException when they are still unchained after a while, which means that the chainer cannot
     *     write (the database refuses it)
     */
    public void awaitChained() {
        chainer.chainCommitted();
    }

    /**
     * Chained entries after a sequence number, oldest first, at most {@code limit}. Waits first until the entries
     * committed before the call are chained ({@link #awaitChained()}), so a caller reads its own writes.
     */
    public List<AuditEntryView> after(long seq, int limit) {
        awaitChained();
        return jdbc.sql("""
                        select seq, recorded_at, actor, action, object_type, object_id, entity_code, payload_digest,
                               previous_hash, hash
                        from audit_entry where seq > ? order by seq limit ?""")
                .params(seq, limit)
                .query((rs, row) -> new AuditEntryView(
                        rs.getLong("seq"),
                        rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("object_type"),
                        rs.getString("object_id"),
                        rs.getString("entity_code"),
                        rs.getString("payload_digest"),
                        rs.getString("previous_hash"),
                        rs.getString("hash")))
                .list();
    }

    /** One stored audit entry as read back. */
    public record AuditEntryView(
            long seq,
            Instant recordedAt,
            String actor,
            String action,
            String objectType,
            String objectId,
            @Nullable String entityCode,
            String payloadDigest,
            String previousHash,
            String hash) {

        /** Whether this entry's hash is the one its fields and predecessor give. */
        public boolean verifies() {
            return hash.equals(AuditChain.hash(
                    previousHash,
                    new AuditChain.Entry(
                            seq, recordedAt, actor, action, objectType, objectId, entityCode, payloadDigest)));
        }
    }
}
