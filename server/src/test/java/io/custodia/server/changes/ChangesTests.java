package io.custodia.server.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.change.ConsentChanged;
import io.custodia.server.CustodiaTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The changes log: rows written in the caller's transaction, with growing log ids. */
class ChangesTests extends CustodiaTest {

    @Autowired
    Changes changes;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void append_outsideATransaction_isRefused() {
        assertThatThrownBy(() -> changes.append(change(UUID.randomUUID())))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void append_storesTheChangeAsJson_withAGrowingPosition() {
        UUID subject = UUID.randomUUID();
        long first = transactions.execute(status -> changes.append(change(subject)));
        long second = transactions.execute(status -> changes.append(change(subject)));

        assertThat(second).isGreaterThan(first);
        var row = jdbc.sql(
                        "select type, entity_code, subject_id, payload::text as payload from change_log where id = ?")
                .param(first)
                .query((rs, index) -> new Object[] {
                    rs.getString("type"),
                    rs.getString("entity_code"),
                    rs.getObject("subject_id"),
                    rs.getString("payload")
                })
                .single();
        assertThat(row[0]).isEqualTo("consent.changed");
        assertThat(row[1]).isEqualTo("FR");
        assertThat(row[2]).isEqualTo(subject);
        JsonNode payload = json.readTree((String) row[3]);
        assertThat(payload.get("purpose").asString()).isEqualTo("marketing.personalised_offers");
        assertThat(payload.get("status").asString()).isEqualTo("granted");
        assertThat(payload.get("since").asString()).isEqualTo("2026-03-01T09:00:00Z");
    }

    @Test
    void append_inARolledBackTransaction_leavesNoRow() {
        UUID subject = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            changes.append(change(subject));
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("select count(*) from change_log where subject_id = ?")
                        .param(subject)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /** A grant of personalised offers by a customer of the French company. */
    static ConsentChanged change(UUID subject) {
        return new ConsentChanged(
                subject,
                "FR",
                "marketing.personalised_offers",
                "granted",
                Instant.parse("2026-03-01T09:00:00Z"),
                Instant.parse("2027-04-01T09:00:00Z"));
    }
}
