package io.custodia.server.changes;

import io.custodia.core.change.Change;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
     * Writers of different customers commit in parallel (the consent ledger serializes only the writers of one
     * customer), so positions and commit order do differ in practice.
     */

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    Changes(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
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
}
