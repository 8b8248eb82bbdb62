package io.custodia.server.consent;

import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.taxonomy.TermKey;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The ledger's table: appends events and reads them back. Callers bring the transaction. */
@Component
class StoredEvents {
    private static final String COLUMNS = """
            id, entity_code, subject_id, purpose, data_categories, recipient, action, notice_key, notice_version,
            notice_hash, language, channel, context::text as context, client_time, server_time, actor_type, actor_id,
            actor_name, idempotency_key, request_digest, gpc, gpc_signal_id, superseded, result::text as result,
            receipt, receipt_document""";
    /** What the fold needs of an event: not the receipt (about 4 KB), the answer, the context or the names. */
    static final String FOLDED_COLUMNS = """
            id, subject_id, purpose, data_categories, recipient, action, notice_version, notice_hash, channel,
            client_time, server_time, actor_type, actor_id, idempotency_key""";

    private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    StoredEvents(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Appends an event unless its entity already has one with the same idempotency key (a concurrent request won).
     *
     * @return whether it was appended
     */
    boolean append(StoredEvent stored) {
        ConsentEvent event = stored.event();
        return jdbc.sql("""
                        insert into consent_event (id, entity_code, subject_id, purpose, data_categories, recipient,
                            action, notice_key, notice_version, notice_hash, language, channel, context, client_time,
                            server_time, actor_type, actor_id, actor_name, idempotency_key, request_digest, gpc,
                            gpc_signal_id, superseded, result, receipt_document)
                        values (:id, :entityCode, :subjectId, :purpose, :dataCategories, :recipient, :action,
                            :noticeKey, :noticeVersion, :noticeHash, :language, :channel, cast(:context as jsonb),
                            :clientTime, :serverTime, :actorType, :actorId, :actorName, :idempotencyKey,
                            :requestDigest, :gpc, :gpcSignalId, :superseded, cast(:result as jsonb),
                            :receiptDocument)
                        on conflict (entity_code, idempotency_key) do nothing
                        returning id""")
                .param("id", event.eventId())
                .param("entityCode", stored.entityCode())
                .param("subjectId", event.subjectId())
                .param("purpose", event.purpose().value())
                .param(
                        "dataCategories",
                        event.scope().dataCategories().stream()
                                .map(TermKey::value)
                                .toArray(String[]::new))
                .param(
                        "recipient",
                        event.scope().recipient() == null
                                ? null
                                : event.scope().recipient().value())
                .param("action", event.action().key())
                .param("noticeKey", stored.noticeKey())
                .param("noticeVersion", event.noticeVersion())
                .param("noticeHash", event.noticeHash())
                .param("language", stored.language())
                .param("channel", event.channel().key())
                .param("context", json.writeValueAsString(stored.context()))
                .param("clientTime", timestamp(event.clientTime()))
                .param("serverTime", timestamp(event.serverTime()))
                .param("actorType", StoredEvent.actorType(event.actor()))
                .param("actorId", StoredEvent.actorId(event.actor()))
                .param("actorName", stored.actorName())
                .param("idempotencyKey", event.idempotencyKey())
                .param("requestDigest", stored.requestDigest())
                .param("gpc", stored.gpc())
                .param("gpcSignalId", stored.gpcSignalId())
                .param("superseded", stored.superseded())
                .param("result", stored.result())
                .param("receiptDocument", stored.receiptDocument())
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    /**
     * Appends events with one statement, leaving out any whose entity already has one with the same idempotency key
     * (a concurrent request won).
     *
     * @return the ids of the events appended
     */
    Set<UUID> appendAll(List<StoredEvent> stored) {
        if (stored.isEmpty()) {
            return Set.of();
        }
        int size = stored.size();
        Columns columns = new Columns(size);
        for (int index = 0; index < size; index++) {
            columns.set(index, stored.get(index));
        }
        Set<UUID> appended = new HashSet<>();
        jdbc.sql("""
                        insert into consent_event (id, entity_code, subject_id, purpose, data_categories, recipient,
                            action, notice_key, notice_version, notice_hash, language, channel, context, client_time,
                            server_time, actor_type, actor_id, actor_name, idempotency_key, request_digest, gpc,
                            gpc_signal_id, superseded, result, receipt_document)
                        select e.id, e.entity_code, e.subject_id, e.purpose,
                            case when e.data_categories = '' then '{}'::text[]
                                 else string_to_array(e.data_categories, ',') end,
                            e.recipient, e.action, e.notice_key, e.notice_version, e.notice_hash, e.language,
                            e.channel, cast(e.context as jsonb), e.client_time, e.server_time, e.actor_type,
                            e.actor_id, e.actor_name, e.idempotency_key, e.request_digest, e.gpc, e.gpc_signal_id,
                            e.superseded, cast(e.result as jsonb), e.receipt_document
                        from unnest(cast(:ids as uuid[]), cast(:entityCodes as text[]), cast(:subjectIds as uuid[]),
                                    cast(:purposes as text[]), cast(:dataCategories as text[]),
                                    cast(:recipients as text[]), cast(:actions as text[]), cast(:noticeKeys as text[]),
                                    cast(:noticeVersions as int[]), cast(:noticeHashes as text[]),
                                    cast(:languages as text[]), cast(:channels as text[]), cast(:contexts as text[]),
                                    cast(:clientTimes as timestamptz[]), cast(:serverTimes as timestamptz[]),
                                    cast(:actorTypes as text[]), cast(:actorIds as text[]),
                                    cast(:actorNames as text[]), cast(:keys as text[]), cast(:digests as text[]),
                                    cast(:gpc as boolean[]), cast(:gpcSignalIds as uuid[]),
                                    cast(:superseded as boolean[]), cast(:results as text[]),
                                    cast(:documents as text[])) with ordinality
                             as e(id, entity_code, subject_id, purpose, data_categories, recipient, action, notice_key,
                                  notice_version, notice_hash, language, channel, context, client_time, server_time,
                                  actor_type, actor_id, actor_name, idempotency_key, request_digest, gpc,
                                  gpc_signal_id, superseded, result, receipt_document, n)
                        order by e.n
                        on conflict (entity_code, idempotency_key) do nothing
                        returning id""")
                .params(columns.parameters().getValues())
                .query((rs, row) -> appended.add(rs.getObject("id", UUID.class)))
                .list();
        return appended;
    }

    /** The columns of several events, as arrays for {@code unnest}: one element per event. */
    private final class Columns {
        private final String[] ids;
        private final String[] entityCodes;
        private final String[] subjectIds;
        private final String[] purposes;
        private final String[] dataCategories;
        private final @Nullable String[] recipients;
        private final String[] actions;
        private final String[] noticeKeys;
        private final Integer[] noticeVersions;
        private final String[] noticeHashes;
        private final String[] languages;
        private final String[] channels;
        private final String[] contexts;
        private final @Nullable String[] clientTimes;
        private final String[] serverTimes;
        private final String[] actorTypes;
        private final @Nullable String[] actorIds;
        private final @Nullable String[] actorNames;
        private final String[] keys;
        private final String[] digests;
        private final Boolean[] gpc;
        private final @Nullable String[] gpcSignalIds;
        private final Boolean[] superseded;
        private final @Nullable String[] results;
        private final @Nullable String[] documents;

        Columns(int size) {
            ids = new String[size];
            entityCodes = new String[size];
            subjectIds = new String[size];
            purposes = new String[size];
            dataCategories = new String[size];
            recipients = new String[size];
            actions = new String[size];
            noticeKeys = new String[size];
            noticeVersions = new Integer[size];
            noticeHashes = new String[size];
            languages = new String[size];
            channels = new String[size];
            contexts = new String[size];
            clientTimes = new String[size];
            serverTimes = new String[size];
            actorTypes = new String[size];
            actorIds = new String[size];
            actorNames = new String[size];
            keys = new String[size];
            digests = new String[size];
            gpc = new Boolean[size];
            gpcSignalIds = new String[size];
            superseded = new Boolean[size];
            results = new String[size];
            documents = new String[size];
        }

        void set(int index, StoredEvent stored) {
            ConsentEvent event = stored.event();
            ids[index] = event.eventId().toString();
            entityCodes[index] = stored.entityCode();
            subjectIds[index] = event.subjectId().toString();
            purposes[index] = event.purpose().value();
            // Category keys are dotted lower-case words, never commas.
            dataCategories[index] =
                    event.scope().dataCategories().stream().map(TermKey::value).collect(Collectors.joining(","));
            recipients[index] = event.scope().recipient() == null
                    ? null
                    : event.scope().recipient().value();
            actions[index] = event.action().key();
            noticeKeys[index] = stored.noticeKey();
            noticeVersions[index] = event.noticeVersion();
            noticeHashes[index] = event.noticeHash();
            languages[index] = stored.language();
            channels[index] = event.channel().key();
            contexts[index] = json.writeValueAsString(stored.context());
            clientTimes[index] =
                    event.clientTime() == null ? null : event.clientTime().toString();
            serverTimes[index] = event.serverTime().toString();
            actorTypes[index] = StoredEvent.actorType(event.actor());
            actorIds[index] = StoredEvent.actorId(event.actor());
            actorNames[index] = stored.actorName();
            keys[index] = event.idempotencyKey();
            digests[index] = stored.requestDigest();
            gpc[index] = stored.gpc();
            gpcSignalIds[index] =
                    stored.gpcSignalId() == null ? null : stored.gpcSignalId().toString();
            superseded[index] = stored.superseded();
            results[index] = stored.result();
            documents[index] = stored.receiptDocument();
        }

        MapSqlParameterSource parameters() {
            return new MapSqlParameterSource()
                    .addValue("ids", ids)
                    .addValue("entityCodes", entityCodes)
                    .addValue("subjectIds", subjectIds)
                    .addValue("purposes", purposes)
                    .addValue("dataCategories", dataCategories)
                    .addValue("recipients", recipients)
                    .addValue("actions", actions)
                    .addValue("noticeKeys", noticeKeys)
                    .addValue("noticeVersions", noticeVersions)
                    .addValue("noticeHashes", noticeHashes)
                    .addValue("languages", languages)
                    .addValue("channels", channels)
                    .addValue("contexts", contexts)
                    .addValue("clientTimes", clientTimes)
                    .addValue("serverTimes", serverTimes)
                    .addValue("actorTypes", actorTypes)
                    .addValue("actorIds", actorIds)
                    .addValue("actorNames", actorNames)
                    .addValue("keys", keys)
                    .addValue("digests", digests)
                    .addValue("gpc", gpc)
                    .addValue("gpcSignalIds", gpcSignalIds)
                    .addValue("superseded", superseded)
                    .addValue("results", results)
                    .addValue("documents", documents);
        }
    }

    /** The events some entity recorded under these idempotency keys, by key. */
    Map<String, StoredEvent> byKeys(String entityCode, Collection<String> keys) {
        Map<String, StoredEvent> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("select " + COLUMNS + " from consent_event where entity_code = ? and idempotency_key = any(?::text[])")
                .params(entityCode, keys.toArray(String[]::new))
                .query(mapper())
                .list()
                .forEach(stored -> found.put(stored.event().idempotencyKey(), stored));
        return found;
    }

    /** What a writer reads of a customer's purpose before it appends: the events to fold and the last one recorded. */
    record FoldState(List<ConsentEvent> foldable, @Nullable Instant lastRecorded) {
        static final FoldState EMPTY = new FoldState(List.of(), null);

        FoldState {
            foldable = List.copyOf(foldable);
        }
    }

    /** A customer's purpose. */
    record SubjectPurpose(UUID subjectId, TermKey purpose) {}

    /**
     * For several customers' purposes, with one query: the events the fold reads (all but the superseded ones) and
     * when Custodia last recorded a choice (superseded ones included). A purpose with no event is absent.
     */
    Map<SubjectPurpose, FoldState> foldStates(Collection<SubjectPurpose> wanted) {
        Map<SubjectPurpose, List<ConsentEvent>> foldable = new HashMap<>();
        Map<SubjectPurpose, Instant> last = new HashMap<>();
        if (wanted.isEmpty()) {
            return Map.of();
        }
        String[] subjectIds = new String[wanted.size()];
        String[] purposes = new String[wanted.size()];
        int index = 0;
        for (SubjectPurpose pair : wanted) {
            subjectIds[index] = pair.subjectId().toString();
            purposes[index] = pair.purpose().value();
            index++;
        }
        jdbc.sql("select " + FOLDED_COLUMNS + """
                        , superseded from consent_event
                        where (subject_id, purpose) in (select * from unnest(?::uuid[], ?::text[]))""")
                .params(subjectIds, purposes)
                .query((rs, row) -> {
                    ConsentEvent event = event(rs);
                    SubjectPurpose pair = new SubjectPurpose(event.subjectId(), event.purpose());
                    last.merge(pair, event.serverTime(), (one, other) -> one.isAfter(other) ? one : other);
                    if (!rs.getBoolean("superseded")) {
                        foldable.computeIfAbsent(pair, key -> new ArrayList<>()).add(event);
                    }
                    return row;
                })
                .list();
        Map<SubjectPurpose, FoldState> states = new HashMap<>();
        last.forEach((pair, lastRecorded) ->
                states.put(pair, new FoldState(foldable.getOrDefault(pair, List.of()), lastRecorded)));
        return states;
    }

    /** The event an entity recorded under an idempotency key, if any. */
    Optional<StoredEvent> byKey(String entityCode, String idempotencyKey) {
        return jdbc.sql("select " + COLUMNS + " from consent_event where entity_code = ? and idempotency_key = ?")
                .params(entityCode, idempotencyKey)
                .query(mapper())
                .optional();
    }

    /** One event by id. */
    Optional<StoredEvent> byId(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from consent_event where id = ?")
                .param(id)
                .query(mapper())
                .optional();
    }

    /** A customer's events about one purpose that the fold reads: all but the superseded ones. */
    List<ConsentEvent> foldable(UUID subjectId, TermKey purpose) {
        return jdbc.sql("select " + FOLDED_COLUMNS
                        + " from consent_event where subject_id = ? and purpose = ? and not superseded")
                .params(subjectId, purpose.value())
                .query((rs, row) -> event(rs))
                .list();
    }

    /** A customer's events, oldest first by the time Custodia recorded them. */
    List<StoredEvent> timeline(UUID subjectId) {
        return jdbc.sql("select " + COLUMNS + " from consent_event where subject_id = ? order by server_time, id")
                .param(subjectId)
                .query(mapper())
                .list();
    }

    /** When Custodia last recorded a choice of the customer about the purpose, if it ever did. */
    Optional<Instant> lastRecorded(UUID subjectId, TermKey purpose) {
        return jdbc.sql("select max(server_time) from consent_event where subject_id = ? and purpose = ?")
                .params(subjectId, purpose.value())
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .single()
                .map(OffsetDateTime::toInstant);
    }

    /** An idempotency key the ledger holds: the event recorded under it and the digest of its request. */
    record KeyUse(UUID eventId, String requestDigest) {}

    /** Which of these idempotency keys an entity's ledger holds already. */
    Map<String, KeyUse> keysInUse(String entityCode, List<String> keys) {
        Map<String, KeyUse> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select idempotency_key, id, request_digest from consent_event
                        where entity_code = ? and idempotency_key = any(?::text[])""")
                .params(entityCode, keys.toArray(String[]::new))
                .query((rs, row) -> found.put(
                        rs.getString("idempotency_key"),
                        new KeyUse(rs.getObject("id", UUID.class), rs.getString("request_digest"))))
                .list();
        return found;
    }

    /** For each of these customers, when Custodia last recorded a choice of theirs about each purpose. */
    Map<UUID, Map<String, Instant>> lastRecorded(List<UUID> subjectIds) {
        Map<UUID, Map<String, Instant>> found = new HashMap<>();
        if (subjectIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select subject_id, purpose, max(server_time) as last from consent_event
                        where subject_id = any(?::uuid[]) group by subject_id, purpose""")
                .param(ids(subjectIds))
                .query((rs, row) -> found.computeIfAbsent(rs.getObject("subject_id", UUID.class), id -> new HashMap<>())
                        .put(
                                rs.getString("purpose"),
                                rs.getObject("last", OffsetDateTime.class).toInstant()))
                .list();
        return found;
    }

    /** The events of these customers that the fold reads (all purposes), but those of one import. */
    List<ConsentEvent> foldable(List<UUID> subjectIds, UUID exceptImport) {
        if (subjectIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + FOLDED_COLUMNS
                        + " from consent_event where subject_id = any(?::uuid[]) and not superseded"
                        + " and (import_id is null or import_id <> ?)")
                .params(ids(subjectIds), exceptImport)
                .query((rs, row) -> event(rs))
                .list();
    }

    /** The receipt signed after an event was recorded, if it was. */
    Optional<String> lateReceipt(UUID eventId) {
        return jdbc.sql("select receipt from consent_receipt where event_id = ?")
                .param(eventId)
                .query(String.class)
                .optional();
    }

    /**
     * Keeps the receipt signed after its event was recorded, unless one was kept first.
     *
     * @return whether this one was kept
     */
    boolean keepLateReceipt(UUID eventId, String receipt, Instant issuedAt) {
        return jdbc.sql("""
                        insert into consent_receipt (event_id, receipt, issued_at) values (?, ?, ?)
                        on conflict (event_id) do nothing""")
                        .params(eventId, receipt, OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static String[] ids(List<UUID> subjectIds) {
        return subjectIds.stream().map(UUID::toString).toArray(String[]::new);
    }

    static ConsentEvent event(ResultSet rs) throws SQLException {
        return StoredEvent.event(
                rs.getObject("id", UUID.class),
                rs.getObject("subject_id", UUID.class),
                rs.getString("purpose"),
                strings(rs.getArray("data_categories")),
                rs.getString("recipient"),
                rs.getString("action"),
                rs.getInt("notice_version"),
                rs.getString("notice_hash"),
                rs.getString("channel"),
                instant(rs, "client_time"),
                requireInstant(rs, "server_time"),
                StoredEvent.actor(rs.getString("actor_type"), rs.getString("actor_id")),
                rs.getString("idempotency_key"));
    }

    private RowMapper<StoredEvent> mapper() {
        return (rs, row) -> new StoredEvent(
                event(rs),
                rs.getString("entity_code"),
                rs.getString("notice_key"),
                rs.getString("language"),
                json.readValue(rs.getString("context"), CONTEXT),
                rs.getString("actor_name"),
                rs.getString("request_digest"),
                rs.getBoolean("gpc"),
                rs.getObject("gpc_signal_id", UUID.class),
                rs.getBoolean("superseded"),
                rs.getString("result"),
                rs.getString("receipt"),
                rs.getString("receipt_document"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant requireInstant(ResultSet rs, String column) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            throw new IllegalStateException(column + " is null in a consent event");
        }
        return value;
    }

    private static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
