package io.custodia.server.subjects;

import io.custodia.core.InvalidInputException;
import io.custodia.core.NotFoundException;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.changes.Changes;
import io.custodia.server.platform.CopyRows;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
    private final Changes changes;

    Subjects(
            JdbcClient jdbc,
            JdbcTemplate batch,
            SubjectKeys keys,
            AuditTrail audit,
            Clock clock,
            DataSource dataSource,
            Changes changes) {
        this.changes = changes;
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
        for (int index = 0; index < subjects.size(); index++) {
            ids.add(UUID.randomUUID());
        }
        registerAll(actor, ids, subjects);
        return ids;
    }

    /**
     * Registers customers under ids the caller chose (random UUIDs), in one transaction with one audit entry: for
     * callers that need the ids before they know which of the customers to register.
     *
     * @param ids the new subjects' ids, one per subject, in the same order
     */
    @Transactional
    public void registerAll(String actor, List<UUID> ids, List<NewSubject> subjects) {
        if (ids.size() != subjects.size()) {
            throw new IllegalArgumentException("one id per subject: " + ids.size() + " ids, " + subjects.size());
        }
        List<Object[]> subjectRows = new ArrayList<>();
        List<Object[]> keyRows = new ArrayList<>();
        List<Object[]> identifierRows = new ArrayList<>();
        for (int index = 0; index < subjects.size(); index++) {
            NewSubject subject = subjects.get(index);
            UUID id = ids.get(index);
            SecretKey dataKey = keys.newDataKey();
            subjectRows.add(new Object[] {
                id,
                subject.entityCode(),
                subject.ageBand().name(),
                subject.ageBand().name()
            });
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
        batch.batchUpdate(
                "insert into subject (id, entity_code, age_band, band_published) values (?, ?, ?, ?)", subjectRows);
        batch.batchUpdate("insert into subject_key (subject_id, wrapped_key) values (?, ?)", keyRows);
        batch.batchUpdate(
                "insert into subject_identifier (subject_id, scheme, lookup_hash, ciphertext) values (?, ?, ?, ?)",
                identifierRows);
        audit.record(actor, "subjects.registered", "subject", "batch", null, Map.of("count", subjects.size()));
        List<SubjectFlagsChanged> known = new ArrayList<>();
        for (int at = 0; at < subjects.size(); at++) {
            NewSubject subject = subjects.get(at);
            if (subject.ageBand() != AgeBand.UNKNOWN) {
                known.add(new SubjectFlagsChanged(
                        ids.get(at), subject.entityCode(), false, false, subject.ageBand(), false));
            }
        }
        changes.appendAll(known);
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
        Map<String, SubjectIdentifier> byHash = byHash(entityCode, identifiers);
        Map<SubjectIdentifier, UUID> found = find(entityCode, byHash);
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
     * The subjects some identifiers of one entity name, with one query; identifiers that name no one are absent.
     *
     * @param identifiers normalised identifiers
     */
    @Transactional(readOnly = true)
    public Map<SubjectIdentifier, UUID> findAll(String entityCode, Collection<SubjectIdentifier> identifiers) {
        return find(entityCode, byHash(entityCode, identifiers));
    }

    private Map<SubjectIdentifier, UUID> find(String entityCode, Map<String, SubjectIdentifier> byHash) {
        Map<SubjectIdentifier, UUID> found = new HashMap<>();
        if (byHash.isEmpty()) {
            return found;
        }
        String[] schemes = new String[byHash.size()];
        String[] hashes = new String[byHash.size()];
        int index = 0;
        for (Map.Entry<String, SubjectIdentifier> entry : byHash.entrySet()) {
            schemes[index] = entry.getValue().scheme().key();
            hashes[index] = entry.getKey();
            index++;
        }
        // By scheme and hash, as the unique index is: a few identifiers are a few index look-ups.
        jdbc.sql("""
                        select i.scheme, encode(i.lookup_hash, 'hex') as hash, i.subject_id
                        from unnest(?::text[], ?::text[]) as wanted(scheme, hash)
                        join subject_identifier i
                          on i.scheme = wanted.scheme and i.lookup_hash = decode(wanted.hash, 'hex')
                        join subject s on s.id = i.subject_id
                        where s.entity_code = ?""")
                .params(schemes, hashes, entityCode)
                .query((rs, row) -> {
                    SubjectIdentifier identifier = byHash.get(rs.getString("hash"));
                    if (identifier != null && identifier.scheme().key().equals(rs.getString("scheme"))) {
                        found.put(identifier, rs.getObject("subject_id", UUID.class));
                    }
                    return rs.getString("hash");
                })
                .list();
        return found;
    }

    private Map<String, SubjectIdentifier> byHash(String entityCode, Collection<SubjectIdentifier> identifiers) {
        Map<String, SubjectIdentifier> byHash = new HashMap<>();
        for (SubjectIdentifier identifier : identifiers) {
            byHash.put(HexFormat.of().formatHex(keys.lookupHash(entityCode, identifier)), identifier);
        }
        return byHash;
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
        publishFlags(subjectId);
    }

    /**
     * Restricts the processing of a customer's data (GDPR Art. 18), or lifts the restriction: the flag reaches every
     * decision replica, which then answers {@code RESTRICTED}. Setting the flag it already has publishes nothing.
     *
     * @return whether the flag changed
     * @throws NotFoundException when there is no such subject
     */
    @Transactional
    public boolean restrict(String actor, UUID subjectId, boolean restricted) {
        String entityCode = requireExists(subjectId);
        int changed = jdbc.sql("update subject set restricted = ? where id = ? and restricted <> ?")
                .params(restricted, subjectId, restricted)
                .update();
        if (changed == 0) {
            return false;
        }
        audit.record(
                actor,
                restricted ? "subject.restricted" : "subject.unrestricted",
                "subject",
                subjectId.toString(),
                entityCode,
                Map.of("restricted", restricted));
        publishFlags(subjectId);
        return true;
    }

    /**
     * What the company told Custodia of a customer's age, and when.
     *
     * @param band the age band
     * @param recordedOn the day it was true
     */
    public record Age(AgeBand band, LocalDate recordedOn) {
        /** The least age the customer can have on a day; empty when the band is {@link AgeBand#UNKNOWN}. */
        public OptionalInt minimumAgeOn(LocalDate today) {
            return band.minimumAgeOn(recordedOn, today.isBefore(recordedOn) ? recordedOn : today);
        }
    }

    /**
     * A holder of parental responsibility for a child, as linked by the company.
     *
     * @param guardianId the guardian's subject id
     * @param verification how the company verified the parental responsibility
     * @param linkedAt when the link was made
     */
    public record Guardian(UUID guardianId, String verification, Instant linkedAt) {}

    /**
     * The customer's age band and the day it was recorded.
     *
     * @throws NotFoundException when there is no such subject
     */
    @Transactional(readOnly = true)
    public Age age(UUID subjectId) {
        return jdbc.sql("select age_band, age_recorded_on from subject where id = ?")
                .param(subjectId)
                .query((rs, row) -> new Age(
                        AgeBand.valueOf(rs.getString("age_band")), rs.getObject("age_recorded_on", LocalDate.class)))
                .optional()
                .orElseThrow(() -> new NotFoundException("No such subject"));
    }

    /** The age bands of several customers, with one query; ids of no subject are absent. */
    @Transactional(readOnly = true)
    public Map<UUID, Age> ages(Collection<UUID> subjectIds) {
        Map<UUID, Age> found = new HashMap<>();
        if (subjectIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select id, age_band, age_recorded_on from subject where id = any(?::uuid[])")
                .param(subjectIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, row) -> {
                    found.put(
                            rs.getObject("id", UUID.class),
                            new Age(
                                    AgeBand.valueOf(rs.getString("age_band")),
                                    rs.getObject("age_recorded_on", LocalDate.class)));
                    return row;
                })
                .list();
        return found;
    }

    /**
     * Records a customer's age band as true today, replacing the one recorded before.
     *
     * @throws NotFoundException when there is no such subject
     */
    @Transactional
    public Age recordAge(String actor, UUID subjectId, AgeBand band) {
        String entityCode = requireExists(subjectId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("update subject set age_band = ?, age_recorded_on = ? where id = ?")
                .params(band.name(), today, subjectId)
                .update();
        audit.record(
                actor,
                "subject.age_recorded",
                "subject",
                subjectId.toString(),
                entityCode,
                Map.of("ageBand", band.name(), "recordedOn", today.toString()));
        publishFlags(subjectId);
        return new Age(band, today);
    }

    /**
     * Links a child to a holder of parental responsibility, who may then consent for them (GDPR Art. 8). Linking
     * again an existing, revoked link makes it current again with the new verification.
     *
     * @param verification how the company verified the responsibility, e.g. {@code family plan holder, ID checked in
     *     store}
     * @throws InvalidInputException naming {@code guardian} when the guardian is the child or belongs to another
     *     entity, {@code subject} when the child's age band does not say they are a child, {@code verification} when
     *     it is blank or longer than 200 characters
     * @throws NotFoundException when either subject does not exist
     */
    @Transactional
    public Guardian linkGuardian(String actor, UUID childId, UUID guardianId, String verification) {
        String entityCode = requireExists(childId);
        if (!requireExists(guardianId).equals(entityCode)) {
            throw InvalidInputException.of("guardian", "the guardian must be a customer of " + entityCode + " too");
        }
        if (childId.equals(guardianId)) {
            throw InvalidInputException.of("guardian", "a customer cannot be their own guardian");
        }
        if (verification.isBlank() || verification.length() > 200) {
            throw InvalidInputException.of(
                    "verification", "say in 1 to 200 characters how the parental responsibility was verified");
        }
        AgeBand band = age(childId).band();
        if (!band.child()) {
            throw InvalidInputException.of(
                    "subject",
                    "the customer's age band is " + band + ": record the child's age band before linking a guardian");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                        insert into subject_guardian (child_id, guardian_id, verification, linked_at)
                        values (?, ?, ?, ?)
                        on conflict (child_id, guardian_id)
                        do update set verification = excluded.verification, linked_at = excluded.linked_at,
                                      revoked_at = null""")
                .params(childId, guardianId, verification.strip(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
        audit.record(
                actor,
                "subject.guardian_linked",
                "subject",
                childId.toString(),
                entityCode,
                Map.of("guardianId", guardianId.toString(), "verification", verification.strip()));
        publishFlags(childId);
        return new Guardian(guardianId, verification.strip(), now);
    }

    /**
     * Ends a guardian's link to a child: the guardian can no longer consent for them. The link stays recorded.
     *
     * @return whether there was a current link to end
     */
    @Transactional
    public boolean revokeGuardian(String actor, UUID childId, UUID guardianId) {
        String entityCode = requireExists(childId);
        int ended = jdbc.sql("""
                        update subject_guardian set revoked_at = ?
                        where child_id = ? and guardian_id = ? and revoked_at is null""")
                .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), childId, guardianId)
                .update();
        if (ended > 0) {
            audit.record(
                    actor,
                    "subject.guardian_revoked",
                    "subject",
                    childId.toString(),
                    entityCode,
                    Map.of("guardianId", guardianId.toString()));
            publishFlags(childId);
        }
        return ended > 0;
    }

    /** The child's current guardians, oldest link first. */
    @Transactional(readOnly = true)
    public List<Guardian> guardians(UUID childId) {
        return jdbc.sql("""
                        select guardian_id, verification, linked_at from subject_guardian
                        where child_id = ? and revoked_at is null order by linked_at, guardian_id""")
                .param(childId)
                .query((rs, row) -> new Guardian(
                        rs.getObject("guardian_id", UUID.class),
                        rs.getString("verification"),
                        rs.getObject("linked_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Encrypts a piece of the customer's personal data under their own key, so that erasing them makes it unreadable
     * wherever it is kept, backups included.
     *
     * @return the ciphertext, Base64
     * @throws NotFoundException when there is no such subject, or they were erased
     */
    @Transactional(readOnly = true)
    public String seal(UUID subjectId, String text) {
        return sealer(List.of(subjectId)).seal(subjectId, text);
    }

    /** Decrypts what {@link #seal} encrypted; empty once the customer was erased. */
    @Transactional(readOnly = true)
    public Optional<String> unseal(UUID subjectId, String sealed) {
        return dataKey(subjectId)
                .map(dataKey ->
                        new String(keys.decrypt(dataKey, Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8));
    }

    /**
     * A sealer for many customers at once, as {@link #seal} does for one: their keys are read in one query, for bulk
     * imports.
     */
    @Transactional(readOnly = true)
    public Sealer sealer(Collection<UUID> subjectIds) {
        Map<UUID, SecretKey> dataKeys = new HashMap<>();
        if (!subjectIds.isEmpty()) {
            jdbc.sql("select subject_id, wrapped_key from subject_key where subject_id = any(?::uuid[])")
                    .param(subjectIds.stream().map(UUID::toString).toArray(String[]::new))
                    .query((rs, row) -> dataKeys.put(
                            rs.getObject("subject_id", UUID.class), keys.unwrap(rs.getBytes("wrapped_key"))))
                    .list();
        }
        return new Sealer(keys, dataKeys);
    }

    /** Encrypts customers' personal data under their own keys, read beforehand by {@link #sealer}. */
    public static final class Sealer {
        private final SubjectKeys keys;
        private final Map<UUID, SecretKey> dataKeys;

        Sealer(SubjectKeys keys, Map<UUID, SecretKey> dataKeys) {
            this.keys = keys;
            this.dataKeys = dataKeys;
        }

        /**
         * The text encrypted under the customer's key, Base64.
         *
         * @throws NotFoundException when the customer was not among those asked for, or was erased
         */
        public String seal(UUID subjectId, String text) {
            SecretKey dataKey = dataKeys.get(subjectId);
            if (dataKey == null) {
                throw new NotFoundException("No such subject");
            }
            return Base64.getEncoder().encodeToString(keys.encrypt(dataKey, text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private Optional<SecretKey> dataKey(UUID subjectId) {
        return jdbc.sql("select wrapped_key from subject_key where subject_id = ?")
                .param(subjectId)
                .query(byte[].class)
                .optional()
                .map(keys::unwrap);
    }

    /** How many customers an entity holds. */
    public long count(String entityCode) {
        return jdbc.sql("select count(*) from subject where entity_code = ?")
                .param(entityCode)
                .query(Long.class)
                .single();
    }

    /**
     * The flags of every customer of the entity whose flags are not the default ones (erased, restricted, an age band
     * known, or a guardian linked), one call each: what a decision replica starts from, with the age bands as of
     * today. Checks no permission: it serves the decisions feature.
     */
    @Transactional(readOnly = true)
    public void currentFlags(String entityCode, Consumer<SubjectFlagsChanged> each) {
        jdbc.sql(FLAGS + " where s.entity_code = ? and (s.erased_at is not null or s.restricted"
                        + " or s.age_band <> 'UNKNOWN' or exists (select 1 from subject_guardian g"
                        + " where g.child_id = s.id and g.revoked_at is null))")
                .param(entityCode)
                .query((RowCallbackHandler) rs -> each.accept(flags(rs)));
    }

    private static final String FLAGS = """
            select s.id, s.entity_code, s.erased_at is not null as erased, s.restricted, s.age_band, s.age_recorded_on,
                   exists (select 1 from subject_guardian g where g.child_id = s.id and g.revoked_at is null)
                       as guarded
            from subject s""";

    /** Appends the customer's flags as they are now to the changes feed, in the caller's transaction. */
    private void publishFlags(UUID subjectId) {
        SubjectFlagsChanged flags = jdbc.sql(FLAGS + " where s.id = ?")
                .param(subjectId)
                .query((rs, row) -> flags(rs))
                .single();
        changes.append(flags);
        jdbc.sql("update subject set band_published = ? where id = ?")
                .params(flags.ageBand().name(), subjectId)
                .update();
    }

    /**
     * Publishes the flags of every child whose age band has aged since it was last published (a year passed since
     * the band was recorded), so that replicas see a child reach the age of digital consent on the day. Run by a pass
     * a few times a day; each customer's publication is its own small transaction step.
     *
     * @return how many customers' flags were published
     */
    @Transactional
    public int publishAgedBands() {
        List<UUID> aged = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("select id, age_band, age_recorded_on, band_published from subject"
                        + " where age_band not in ('UNKNOWN', 'ADULT')")
                .query((RowCallbackHandler) rs -> {
                    Age age = new Age(
                            AgeBand.valueOf(rs.getString("age_band")),
                            rs.getObject("age_recorded_on", LocalDate.class));
                    OptionalInt years = age.minimumAgeOn(today);
                    AgeBand now = years.isPresent() ? AgeBand.ofAge(years.getAsInt()) : AgeBand.UNKNOWN;
                    if (!now.name().equals(rs.getString("band_published"))) {
                        aged.add(rs.getObject("id", UUID.class));
                    }
                });
        aged.forEach(this::publishFlags);
        return aged.size();
    }

    private SubjectFlagsChanged flags(ResultSet rs) throws SQLException {
        Age age = new Age(AgeBand.valueOf(rs.getString("age_band")), rs.getObject("age_recorded_on", LocalDate.class));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        OptionalInt years = age.minimumAgeOn(today);
        return new SubjectFlagsChanged(
                rs.getObject("id", UUID.class),
                rs.getString("entity_code"),
                rs.getBoolean("erased"),
                rs.getBoolean("restricted"),
                years.isPresent() ? AgeBand.ofAge(years.getAsInt()) : AgeBand.UNKNOWN,
                rs.getBoolean("guarded"));
    }

    private String requireExists(UUID subjectId) {
        return jdbc.sql("select entity_code from subject where id = ?")
                .param(subjectId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new NotFoundException("No such subject"));
    }
}
