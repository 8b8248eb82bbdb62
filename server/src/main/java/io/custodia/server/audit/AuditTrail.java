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
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;

/**
 * The audit feature's facade: appends an entry to the hash-chained log inside the caller's transaction.
 *
 * <p>Writers take the chain's head row lock, so entries get consecutive sequence numbers in commit order and a
 * rolled-back change leaves no entry. The payload itself is not stored, only its SHA-256 digest over a
 * canonical JSON form (map entries sorted by key, so that equal payloads give equal digests whatever order their
 * maps were filled in): the log proves what happened without copying personal data.
 */
@Service
public class AuditTrail {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper canonicalJson;

    AuditTrail(JdbcClient jdbc, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.canonicalJson = json.rebuild()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    /**
     * Records a change.
     *
     * @param actor who did it, e.g. {@code staff:alice} or {@code system}
     * @param action what was done, e.g. {@code activity.created}
     * @param objectType the kind of object changed
     * @param objectId its id
     * @param entityCode the entity it belongs to, if any
     * @param payload what changed; only its digest is kept
     * @return the entry's sequence number
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(
            String actor,
            String action,
            String objectType,
            String objectId,
            @Nullable String entityCode,
            Object payload) {
        record Head(long seq, String hash) {}
        Head head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                .query(Head.class)
                .single();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long seq = head.seq() + 1;
        String payloadDigest = AuditChain.sha256Hex(canonicalJson.writeValueAsBytes(payload));
        var entry = new AuditChain.Entry(seq, now, actor, action, objectType, objectId, entityCode, payloadDigest);
        String hash = AuditChain.hash(head.hash(), entry);
        jdbc.sql("""
                        insert into audit_entry (seq, recorded_at, actor, action, object_type, object_id, entity_code,
                                                 payload_digest, previous_hash, hash)
                        values (:seq, :recordedAt, :actor, :action, :objectType, :objectId, :entityCode,
                                :payloadDigest, :previousHash, :hash)""")
                .param("seq", seq)
                .param("recordedAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("actor", actor)
                .param("action", action)
                .param("objectType", objectType)
                .param("objectId", objectId)
                .param("entityCode", entityCode)
                .param("payloadDigest", payloadDigest)
                .param("previousHash", head.hash())
                .param("hash", hash)
                .update();
        jdbc.sql("update audit_head set seq = ?, hash = ? where id = 1")
                .params(seq, hash)
                .update();
        return seq;
    }

    /** Entries after a sequence number, oldest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<AuditEntryView> after(long seq, int limit) {
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
