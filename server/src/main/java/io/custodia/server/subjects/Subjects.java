package io.custodia.server.subjects;

import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import io.custodia.server.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subjects feature's facade: registers customers, finds them by an external identifier, shows their
 * identifiers back, and erases them by destroying their key.
 */
@Service
public class Subjects {
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final SubjectKeys keys;
    private final AuditTrail audit;
    private final Clock clock;

    Subjects(JdbcClient jdbc, JdbcTemplate batch, SubjectKeys keys, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A customer to register: the entity that holds them, an age band and at least one identifier.
     *
     * @throws InvalidInputException naming {@code subject.identifiers} when there is none: such a subject could
     *     never be found again
     */
    public record NewSubject(String entityCode, AgeBand ageBand, List<SubjectIdentifier> identifiers) {
        public NewSubject {
            identifiers = List.copyOf(identifiers);
            if (identifiers.isEmpty()) {
                throw InvalidInputException.of("subject.identifiers", "a subject needs at least one identifier");
            }
        }
    }

    /**
     * Registers customers in one transaction with one audit entry, for imports and the demo loader.
     *
     * @return the new subjects' ids, in the order given
     */
    @Transactional
    public List<UUID> registerAll(String actor, List<NewSubject> subjects) {
        List<UUID> ids = new ArrayList<>(subjects.size());
        List<Object[]> subjectRows = new ArrayList<>();
        List<Object[]> keyRows = new ArrayList<>();
        List<Object[]> identifierRows = new ArrayList<>();
        for (NewSubject subject : subjects) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            SecretKey dataKey = keys.newDataKey();
            subjectRows.add(
                    new Object[] {id, subject.entityCode(), subject.ageBand().name()});
            keyRows.add(new Object[] {id, keys.wrap(dataKey)});
            for (SubjectIdentifier identifier : subject.identifiers()) {
                identifierRows.add(new Object[] {
                    id,
                    identifier.scheme().key(),
                    keys.lookupHash(subject.entityCode(), identifier),
                    keys.encrypt(dataKey, identifier.value().getBytes(StandardCharsets.UTF_8))
                });
            }
        }
        batch.batchUpdate("insert into subject (id, entity_code, age_band) values (?, ?, ?)", subjectRows);
        batch.batchUpdate("insert into subject_key (subject_id, wrapped_key) values (?, ?)", keyRows);
        batch.batchUpdate(
                "insert into subject_identifier (subject_id, scheme, lookup_hash, ciphertext) values (?, ?, ?, ?)",
                identifierRows);
        audit.record(actor, "subjects.registered", "subject", "batch", null, Map.of("count", subjects.size()));
        return ids;
    }

    /** Registers one customer. */
    @Transactional
    public UUID register(String actor, NewSubject subject) {
        return registerAll(actor, List.of(subject)).get(0);
    }

    /** The subject an identifier names in an entity, when there is one. */
    @Transactional(readOnly = true)
    public Optional<UUID> find(String entityCode, SubjectIdentifier identifier) {
        return jdbc.sql("""
                        select i.subject_id from subject_identifier i join subject s on s.id = i.subject_id
                        where i.scheme = ? and i.lookup_hash = ? and s.entity_code = ?""")
                .params(identifier.scheme().key(), keys.lookupHash(entityCode, identifier), entityCode)
                .query(UUID.class)
                .optional();
    }

    /**
     * The subject's identifiers in clear; empty once the subject was erased.
     *
     * @throws NotFoundException when there is no such subject
     */
    @Transactional(readOnly = true)
    public List<SubjectIdentifier> identifiers(UUID subjectId) {
        Optional<byte[]> wrapped = jdbc.sql("select wrapped_key from subject_key where subject_id = ?")
                .param(subjectId)
                .query(byte[].class)
                .optional();
        if (wrapped.isEmpty()) {
            requireExists(subjectId);
            return List.of();
        }
        SecretKey dataKey = keys.unwrap(wrapped.get());
        return jdbc.sql("select scheme, ciphertext from subject_identifier where subject_id = ? order by scheme")
                .param(subjectId)
                .query((rs, row) -> new SubjectIdentifier(
                        IdentifierScheme.of(rs.getString("scheme")),
                        new String(keys.decrypt(dataKey, rs.getBytes("ciphertext")), StandardCharsets.UTF_8)))
                .list();
    }

    /**
     * Erases a subject by destroying their data key: their identifiers become unreadable, while the fact that a
     * subject existed stays for the audit log.
     */
    @Transactional
    public void shred(String actor, UUID subjectId) {
        String entityCode = requireExists(subjectId);
        jdbc.sql("delete from subject_key where subject_id = ?")
                .param(subjectId)
                .update();
        jdbc.sql("update subject set erased_at = ? where id = ?")
                .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), subjectId)
                .update();
        audit.record(actor, "subject.shredded", "subject", subjectId.toString(), entityCode, Map.of());
    }

    /** How many customers an entity holds. */
    public long count(String entityCode) {
        return jdbc.sql("select count(*) from subject where entity_code = ?")
                .param(entityCode)
                .query(Long.class)
                .single();
    }

    private String requireExists(UUID subjectId) {
        return jdbc.sql("select entity_code from subject where id = ?")
                .param(subjectId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("No such subject"));
    }
}
