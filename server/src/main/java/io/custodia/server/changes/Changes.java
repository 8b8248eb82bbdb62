package io.custodia.server.changes;

import io.custodia.core.change.Change;
import io.custodia.server.platform.CopyRows;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
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
     * Positions and commit order.
     *
     * A position is taken from a sequence when the row is inserted, so a transaction may commit with a lower
     * position after another has committed a higher one. The feed that will read this log (a later issue, with the
     * other change types) must therefore never move past a position whose transaction may still commit: it reads up
     * to the oldest position still in flight, or waits on a gap until the transactions that could fill it end.
     * Today every writer appends while it holds the audit chain's head lock, which happens to hand out positions in
     * commit order; the feed must not rely on that, since a writer that appends before its audit entry would break
     * it.
     */

    private static final String COLUMNS = "change_log (recorded_at, type, entity_code, subject_id, payload)";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final DataSource dataSource;

    Changes(JdbcClient jdbc, ObjectMapper json, Clock clock, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Appends a change.
     *
     * @return its position in the log
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(Change change) {
        return jdbc.sql("""
                        insert into change_log (recorded_at, type, entity_code, subject_id, payload)
                        values (:recordedAt, :type, :entityCode, :subjectId, cast(:payload as jsonb))
                        returning position""")
                .param(
                        "recordedAt",
                        OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC))
                .param("type", change.type())
                .param("entityCode", change.entityCode())
                .param("subjectId", change.subjectId())
                .param("payload", json.writeValueAsString(change))
                .query(Long.class)
                .single();
    }

    /**
     * Appends many changes at once, in the order given, as a bulk import does: one {@code COPY} instead of one
     * statement per change. Positions are taken in order but not returned.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException when called outside a transaction
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<? extends Change> changes) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        if (changes.isEmpty()) {
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
    }
}
