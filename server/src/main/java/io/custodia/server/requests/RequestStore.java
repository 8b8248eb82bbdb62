package io.custodia.server.requests;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The rows of requests and their timelines. Callers bring the transaction and check who may see what. */
@Component
class RequestStore {
    private final JdbcClient jdbc;
    private final Clock clock;

    RequestStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A stored request, without its tasks and timeline. */
    record Row(
            UUID id,
            String entityCode,
            @Nullable UUID subjectId,
            RequestType type,
            String status,
            String channel,
            String filedBy,
            @Nullable String agent,
            String language,
            Instant receivedAt,
            LocalDate dueOn,
            @Nullable String extendedReason,
            @Nullable Instant extendedAt,
            @Nullable UUID challengeId,
            @Nullable Instant verifiedAt,
            @Nullable Instant completedAt,
            @Nullable String sealedValues) {

        boolean open() {
            return status.equals("verifying") || status.equals("in_progress");
        }
    }

    private static final String COLUMNS = """
            select id, entity_code, subject_id, type, status, channel, filed_by, agent, language, received_at, due_on,
                   extended_reason, extended_at, challenge_id, verified_at, completed_at, sealed_values
            from data_request""";

    @Transactional(propagation = Propagation.MANDATORY)
    void insert(Row row) {
        jdbc.sql("""
                        insert into data_request (id, entity_code, subject_id, type, status, channel, filed_by, agent,
                            language, received_at, due_on, challenge_id, verified_at, sealed_values)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Arrays.asList(
                        row.id(),
                        row.entityCode(),
                        row.subjectId(),
                        row.type().key(),
                        row.status(),
                        row.channel(),
                        row.filedBy(),
                        row.agent(),
                        row.language(),
                        utc(row.receivedAt()),
                        row.dueOn(),
                        row.challengeId(),
                        row.verifiedAt() == null ? null : utc(row.verifiedAt()),
                        row.sealedValues()))
                .update();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(COLUMNS + " where id = ?").param(id).query(this::row).optional();
    }

    /** The request, locked until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Row> lock(UUID id) {
        return jdbc.sql(COLUMNS + " where id = ? for update")
                .param(id)
                .query(this::row)
                .optional();
    }

    /** The customer's open request of a type, if there is one. */
    Optional<Row> open(String entityCode, UUID subjectId, RequestType type) {
        return jdbc.sql(COLUMNS + " where entity_code = ? and subject_id = ? and type = ?"
                        + " and status in ('verifying', 'in_progress')")
                .params(entityCode, subjectId, type.key())
                .query(this::row)
                .optional();
    }

    /** The customer's requests, newest first. */
    List<Row> ofSubject(String entityCode, UUID subjectId) {
        return jdbc.sql(COLUMNS + " where entity_code = ? and subject_id = ? order by received_at desc")
                .params(entityCode, subjectId)
                .query(this::row)
                .list();
    }

    /** The requests of the entities, open ones first by due date, then the most recent closed ones. */
    List<Row> ofEntities(Collection<String> entityCodes, boolean openOnly, int limit) {
        return jdbc.sql(COLUMNS + " where entity_code = any (?)"
                        + (openOnly ? " and status in ('verifying', 'in_progress')" : "")
                        + " order by (status in ('verifying', 'in_progress')) desc, due_on, received_at limit ?")
                .params(entityCodes.toArray(String[]::new), limit)
                .query(this::row)
                .list();
    }

    void setStatus(UUID id, String status) {
        jdbc.sql("update data_request set status = ?, completed_at = case when ? in ('completed', 'failed', 'refused')"
                        + " then ? else completed_at end where id = ?")
                .params(status, status, utc(clock.instant()), id)
                .update();
    }

    void verified(UUID id, UUID subjectId) {
        jdbc.sql("update data_request set status = 'in_progress', subject_id = ?, verified_at = ? where id = ?")
                .params(subjectId, utc(clock.instant()), id)
                .update();
    }

    void extended(UUID id, LocalDate dueOn, String reason) {
        jdbc.sql("update data_request set due_on = ?, extended_reason = ?, extended_at = ? where id = ?")
                .params(dueOn, reason, utc(clock.instant()), id)
                .update();
    }

    /**
     * Closes the requests still waiting for their code that were received before {@code before}: their code expired,
     * so they can no longer be verified. Each gets a {@code refused} step on its timeline.
     *
     * @return how many were closed
     */
    @Transactional
    int refuseUnverified(Instant before) {
        List<UUID> refused = jdbc.sql("update data_request set status = 'refused', completed_at = ?"
                        + " where status = 'verifying' and received_at < ? returning id")
                .params(utc(clock.instant()), utc(before))
                .query(UUID.class)
                .list();
        refused.forEach(id -> event(id, "refused", DataRequests.ACTOR, "the code expired unused"));
        return refused.size();
    }

    /** Adds a step to the request's timeline. */
    void event(UUID requestId, String kind, String actor, @Nullable String detail) {
        jdbc.sql("insert into data_request_event (request_id, at, kind, actor, detail) values (?, ?, ?, ?, ?)")
                .params(Arrays.asList(
                        requestId,
                        utc(clock.instant()),
                        kind,
                        actor,
                        detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail))
                .update();
    }

    List<RequestView.Event> timeline(UUID requestId) {
        return jdbc.sql("select at, kind, actor, detail from data_request_event where request_id = ? order by id")
                .param(requestId)
                .query((rs, n) -> new RequestView.Event(
                        instant(rs, "at"), rs.getString("kind"), rs.getString("actor"), rs.getString("detail")))
                .list();
    }

    /** The completed requests of the entities, with how long each took, for the time-to-complete chart. */
    List<Completed> completed(Collection<String> entityCodes) {
        return jdbc.sql("select entity_code, type, received_at, completed_at from data_request"
                        + " where status = 'completed' and entity_code = any (?)")
                .param(entityCodes.toArray(String[]::new))
                .query((rs, n) -> new Completed(
                        rs.getString("entity_code"),
                        rs.getString("type"),
                        instant(rs, "received_at"),
                        instant(rs, "completed_at")))
                .list();
    }

    /** A completed request: when it was received and completed. */
    record Completed(String entityCode, String type, Instant receivedAt, Instant completedAt) {}

    private Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("entity_code"),
                rs.getObject("subject_id", UUID.class),
                RequestType.of("type", rs.getString("type")),
                rs.getString("status"),
                rs.getString("channel"),
                rs.getString("filed_by"),
                rs.getString("agent"),
                rs.getString("language"),
                instant(rs, "received_at"),
                rs.getObject("due_on", LocalDate.class),
                rs.getString("extended_reason"),
                nullableInstant(rs, "extended_at"),
                rs.getObject("challenge_id", UUID.class),
                nullableInstant(rs, "verified_at"),
                nullableInstant(rs, "completed_at"),
                rs.getString("sealed_values"));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
