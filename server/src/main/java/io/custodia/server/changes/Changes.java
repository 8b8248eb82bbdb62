package io.custodia.server.changes;

import io.custodia.core.change.Change;
import io.custodia.server.platform.CopyRows;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.ObjectMapper;

/**
 * The changes feature's facade: appends a change to the log inside the caller's transaction, so that the change,
 * its audit entry and its log row commit or roll back together.
 *
 * <p>Thread-safe.
 */
@Service
public class Changes {

    /*
     * A change gets a log id when it is written and its feed position once its transaction has committed; see
     * ChangeSequencer for why the feed cannot use the id.
     */

    private static final String COLUMNS = "change_log (recorded_at, type, entity_code, subject_id, payload)";
    /** Up to this many changes, {@link #appendAll} inserts them with one statement; more are copied. */
    private static final int INSERT_AT_MOST = 1_000;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final ChangeSequencer sequencer;
    private final DataSource dataSource;

    Changes(JdbcClient jdbc, ObjectMapper json, Clock clock, ChangeSequencer sequencer, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.sequencer = sequencer;
    }

    /**
     * Appends a change. Once the transaction commits, the sequencer gives it its feed position.
     *
     * @return its log id (not its feed position, which it gets after the commit)
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(Change change) {
        long id = jdbc.sql("""
                        insert into change_log (recorded_at, type, entity_code, subject_id, payload)
                        values (:recordedAt, :type, :entityCode, :subjectId, cast(:payload as jsonb))
                        returning id""")
                .param(
                        "recordedAt",
                        OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC))
                .param("type", change.type())
                .param("entityCode", change.entityCode())
                .param("subjectId", change.subjectId())
                .param("payload", json.writeValueAsString(change))
                .query(Long.class)
                .single();
        wakeSequencerAfterCommit();
        return id;
    }

    /**
     * The changes after a feed position, oldest first.
     *
     * @param entityCodes the entities whose changes to read; null for every entity
     * @param limit at most this many
     */
    @Transactional(readOnly = true)
    public List<FeedEntry> after(long position, @Nullable Collection<String> entityCodes, int limit) {
        String filter = entityCodes == null ? "" : " and entity_code = any(:entities)";
        var query = jdbc.sql("""
                        select position, id, recorded_at, type, entity_code, subject_id, payload::text as payload
                        from change_log where position > :after""" + filter + " order by position limit :limit")
                .param("after", position)
                .param("limit", limit);
        if (entityCodes != null) {
            query = query.param("entities", entityCodes.toArray(String[]::new));
        }
        return query.query((rs, row) -> new FeedEntry(
                        rs.getLong("position"),
                        rs.getLong("id"),
                        rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                        rs.getString("type"),
                        rs.getString("entity_code"),
                        rs.getObject("subject_id", UUID.class),
                        rs.getString("payload")))
                .list();
    }

    /** The last feed position given. */
    public long head() {
        return sequencer.head();
    }

    /**
     * How many commits that appended changes this server has acknowledged so far. A reader that must see every write
     * acknowledged before it started (read-your-writes) notes this number, then waits until a {@link #watermark()}
     * covers it.
     */
    public long commits() {
        return sequencer.commits();
    }

    /** The feed head, with how many of this server's commits are numbered at or before it. */
    public FeedWatermark watermark() {
        return sequencer.watermark();
    }

    /**
     * Waits until the watermark is another than {@code seen}, or the time is up.
     *
     * @return the watermark when it returned
     */
    public FeedWatermark awaitWatermark(FeedWatermark seen, Duration timeout) throws InterruptedException {
        return sequencer.awaitWatermark(seen, timeout);
    }

    /** Asks for the commits not yet numbered to be numbered soon; returns at once. */
    public void wake() {
        sequencer.wake();
    }

    /**
     * Waits until the feed passes a position or the time is up, for readers that follow it.
     *
     * @return the head when it returned
     */
    public long awaitAfter(long position, Duration timeout) throws InterruptedException {
        return sequencer.awaitAfter(position, timeout);
    }

    /**
     * Gives a feed position to every change committed before the call, without waiting for the sequencer's thread;
     * for readers that need their own writes in the feed at once.
     *
     * @return the head
     */
    public long sequenceCommitted() {
        return sequencer.sequenceCommitted();
    }

    /** The feed position of a change by its log id, once it has one. */
    @Transactional(readOnly = true)
    public Optional<Long> positionOf(long logId) {
        return jdbc.sql("select position from change_log where id = ? and position is not null")
                .param(logId)
                .query(Long.class)
                .optional();
    }

    /**
     * Appends many changes at once, in the order given: one statement, or one {@code COPY} for a bulk import's many,
     * instead of one statement per change. Feed positions are given after the commit, as for {@link #append}.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<? extends Change> changes) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        if (changes.isEmpty()) {
            return;
        }
        if (changes.size() <= INSERT_AT_MOST) {
            insertAll(changes, now);
            return;
        }
        // Streamed: PostgreSQL stores the first rows while the next ones are serialised.
        CopyRows rows = CopyRows.streaming(dataSource, COLUMNS);
        try {
            for (Change change : changes) {
                rows.instant(now.toInstant())
                        .text(change.type())
                        .text(change.entityCode())
                        .uuid(change.subjectId())
                        .text(json.writeValueAsString(change))
                        .endRow();
            }
            rows.finish();
        } catch (RuntimeException e) {
            rows.cancel();
            throw e;
        }
        wakeSequencerAfterCommit();
    }

    /** A few changes, in one statement: fewer round trips than a {@code COPY}, which pays off for many rows only. */
    private void insertAll(List<? extends Change> changes, OffsetDateTime now) {
        int size = changes.size();
        String[] types = new String[size];
        String[] entityCodes = new String[size];
        @Nullable String[] subjectIds = new String[size];
        String[] payloads = new String[size];
        for (int index = 0; index < size; index++) {
            Change change = changes.get(index);
            types[index] = change.type();
            entityCodes[index] = change.entityCode();
            UUID subjectId = change.subjectId();
            subjectIds[index] = subjectId == null ? null : subjectId.toString();
            payloads[index] = json.writeValueAsString(change);
        }
        // Rows get their log ids in the order of the arrays (ordinality), so the feed keeps the order given.
        jdbc.sql("""
                        insert into change_log (recorded_at, type, entity_code, subject_id, payload)
                        select :recordedAt, c.type, c.entity_code, c.subject_id, cast(c.payload as jsonb)
                        from unnest(cast(:types as text[]), cast(:entityCodes as text[]), cast(:subjectIds as uuid[]),
                                    cast(:payloads as text[])) with ordinality
                             as c(type, entity_code, subject_id, payload, n)
                        order by c.n""")
                .param("recordedAt", now)
                .param("types", types)
                .param("entityCodes", entityCodes)
                .param("subjectIds", subjectIds)
                .param("payloads", payloads)
                .update();
        wakeSequencerAfterCommit();
    }

    private void wakeSequencerAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sequencer.committed();
            }
        });
    }
}
