package io.custodia.server.subjects;

import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.platform.CopyRows;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
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
    private final DataSource dataSource;

    Subjects(
            JdbcClient jdbc,
            JdbcTemplate batch,
            SubjectKeys keys,
            AuditTrail audit,
            Clock clock,
            DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
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

    /**
     * The subjects a batch of identifiers of one entity name, registering a new subject (age band unknown) for each
     * identifier that names no one yet: one query finds the known ones, and the new ones are copied in with their
     * wrapped keys and encrypted identifiers. For bulk imports of consents; the caller brings the transaction and
     * records the audit entry that covers the new subjects.
     *
     * @param identifiers normalised identifiers, each naming one customer
     * @return the subject of each identifier, and how many were registered
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Resolved findOrRegisterAll(String entityCode, Collection<SubjectIdentifier> identifiers) {
        Map<String, SubjectIdentifier> byHash = new HashMap<>();
        for (SubjectIdentifier identifier : identifiers) {
            byHash.put(HexFormat.of().formatHex(keys.lookupHash(entityCode, identifier)), identifier);
        }
        Map<SubjectIdentifier, UUID> found = new HashMap<>();
        if (!byHash.isEmpty()) {
            jdbc.sql("""
                            select i.scheme, encode(i.lookup_hash, 'hex') as hash, i.subject_id
                            from subject_identifier i join subject s on s.id = i.subject_id
                            where s.entity_code = ?
                              and i.lookup_hash = any (select decode(h, 'hex') from unnest(?::text[]) h)""")
                    .params(entityCode, byHash.keySet().toArray(String[]::new))
                    .query((rs, row) -> {
                        SubjectIdentifier identifier = byHash.get(rs.getString("hash"));
                        if (identifier != null && identifier.scheme().key().equals(rs.getString("scheme"))) {
                            found.put(identifier, rs.getObject("subject_id", UUID.class));
                        }
                        return rs.getString("hash");
                    })
                    .list();
        }
        CopyRows subjectRows = new CopyRows();
        CopyRows keyRows = new CopyRows();
        CopyRows identifierRows = new CopyRows();
        Set<UUID> registered = new HashSet<>();
        for (Map.Entry<String, SubjectIdentifier> entry : byHash.entrySet()) {
            SubjectIdentifier identifier = entry.getValue();
            if (found.containsKey(identifier)) {
                continue;
            }
            UUID id = UUID.randomUUID();
            SecretKey dataKey = keys.newDataKey();
            subjectRows.uuid(id).text(entityCode).text(AgeBand.UNKNOWN.name()).endRow();
            keyRows.uuid(id).bytes(keys.wrap(dataKey)).endRow();
            identifierRows
                    .uuid(id)
                    .text(identifier.scheme().key())
                    .bytes(HexFormat.of().parseHex(entry.getKey()))
                    .bytes(keys.encrypt(dataKey, identifier.value().getBytes(StandardCharsets.UTF_8)))
                    .endRow();
            found.put(identifier, id);
            registered.add(id);
        }
        subjectRows.copyInto(dataSource, "subject (id, entity_code, age_band)");
        keyRows.copyInto(dataSource, "subject_key (subject_id, wrapped_key)");
        identifierRows.copyInto(dataSource, "subject_identifier (subject_id, scheme, lookup_hash, ciphertext)");
        return new Resolved(found, registered);
    }

    /**
     * What {@link #findOrRegisterAll} found.
     *
     * @param ids the subject of each identifier
     * @param registered the subjects this call registered
     */
    public record Resolved(Map<SubjectIdentifier, UUID> ids, Set<UUID> registered) {
        public Resolved {
            ids = Map.copyOf(ids);
            registered = Set.copyOf(registered);
        }
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
