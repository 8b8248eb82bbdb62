package io.custodia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.audit.AuditChain;
import io.custodia.server.CustodiaTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log is a hash chain, append-only, and written only inside a change's transaction. */
class AuditTrailTests extends CustodiaTest {
    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyEntry_verifies_andLinksToItsPredecessor() {
        transactions.executeWithoutResult(
                status -> audit.record("system:test", "test.linked", "test", "1", null, Map.of("n", 1)));
        List<AuditTrail.AuditEntryView> entries = audit.after(0, 100_000);
        assertThat(entries).isNotEmpty();
        assertThat(entries.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        for (int index = 0; index < entries.size(); index++) {
            assertThat(entries.get(index).verifies()).as("entry %d", index).isTrue();
            assertThat(entries.get(index).seq()).isEqualTo(index + 1L);
            if (index > 0) {
                assertThat(entries.get(index).previousHash())
                        .isEqualTo(entries.get(index - 1).hash());
            }
        }
    }

    @Test
    void payloadDigest_isTheSame_whateverOrderItsMapsWereFilledIn() {
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("alpha", 1);
        forward.put("beta", Map.of("x", 1, "y", 2, "z", 3));
        Map<String, Object> backward = new LinkedHashMap<>();
        backward.put("beta", Map.of("z", 3, "y", 2, "x", 1));
        backward.put("alpha", 1);

        transactions.executeWithoutResult(status -> {
            audit.record("system:test", "test.canonical", "test", "forward", null, forward);
            audit.record("system:test", "test.canonical", "test", "backward", null, backward);
        });

        List<String> digests = audit.after(0, 1_000_000).stream()
                .filter(entry -> entry.action().equals("test.canonical"))
                .map(AuditTrail.AuditEntryView::payloadDigest)
                .toList();
        assertThat(digests).hasSize(2);
        assertThat(digests.get(0)).isEqualTo(digests.get(1));
    }

    @Test
    void recording_outsideATransaction_isRefused() {
        assertThatThrownBy(() -> audit.record("system:test", "test.orphan", "test", "1", null, Map.of()))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aRolledBackChange_leavesNoEntry() {
        long before = audit.after(0, 1_000_000).size();
        transactions.executeWithoutResult(status -> {
            audit.record("system:test", "test.rolledback", "test", "1", null, Map.of());
            status.setRollbackOnly();
        });
        assertThat(audit.after(0, 1_000_000)).hasSize((int) before);
    }

    @Test
    void pastEntries_cannotBeChangedOrDeleted() {
        transactions.executeWithoutResult(
                status -> audit.record("system:test", "test.protected", "test", "1", null, Map.of()));
        assertThatThrownBy(() -> jdbc.sql("update audit_entry set actor = 'mallory' where seq = 1")
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(
                        () -> jdbc.sql("delete from audit_entry where seq = 1").update())
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void aTamperedEntry_noLongerVerifies() {
        transactions.executeWithoutResult(
                status -> audit.record("system:test", "test.tamper", "test", "1", null, Map.of("amount", 1)));
        AuditTrail.AuditEntryView entry = audit.after(0, 1_000_000).get(0);
        var forged = new AuditTrail.AuditEntryView(
                entry.seq(),
                entry.recordedAt(),
                "staff:mallory",
                entry.action(),
                entry.objectType(),
                entry.objectId(),
                entry.entityCode(),
                entry.payloadDigest(),
                entry.previousHash(),
                entry.hash());
        assertThat(forged.verifies()).isFalse();
    }

    @Test
    void entriesOfConcurrentWriters_allTakeAPlace_inOneUnbrokenChain() throws Exception {
        int writers = 8;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String id = "writer-" + writer;
                done.add(pool.submit(() -> {
                    for (int entry = 0; entry < perWriter; entry++) {
                        transactions.executeWithoutResult(
                                status -> audit.record("system:test", "test.parallel", "test", id, null, Map.of()));
                    }
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<AuditTrail.AuditEntryView> entries = audit.after(0, 1_000_000);
        assertThat(entries.stream().filter(entry -> entry.action().equals("test.parallel")))
                .hasSize(writers * perWriter);
        assertUnbroken(entries);
        assertThat(jdbc.sql("select count(*) from audit_entry where seq is null")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anEntryLeftUnchainedByAKilledServer_isChained() {
        // What a server killed between a commit and the chainer's next pass leaves behind: a committed entry
        // without its place. Written here as the writer writes it, with no one woken to chain it.
        jdbc.sql("""
                        insert into audit_entry (recorded_at, actor, action, object_type, object_id, payload_digest)
                        values (now(), 'system:test', 'test.leftover', 'test', '1', repeat('a', 64))""").update();

        List<AuditTrail.AuditEntryView> entries = audit.after(0, 1_000_000);

        assertThat(entries).anySatisfy(entry -> assertThat(entry.action()).isEqualTo("test.leftover"));
        assertUnbroken(entries);
    }

    @Test
    void aChainedEntry_cannotBeRechained() {
        transactions.executeWithoutResult(
                status -> audit.record("system:test", "test.rechain", "test", "1", null, Map.of()));
        audit.awaitChained();
        assertThatThrownBy(() -> jdbc.sql("update audit_entry set seq = seq + 1000000 where action = 'test.rechain'")
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
    }

    private static void assertUnbroken(List<AuditTrail.AuditEntryView> entries) {
        String previous = AuditChain.GENESIS;
        for (int index = 0; index < entries.size(); index++) {
            AuditTrail.AuditEntryView entry = entries.get(index);
            assertThat(entry.seq()).isEqualTo(index + 1L);
            assertThat(entry.previousHash()).as("link of entry %d", entry.seq()).isEqualTo(previous);
            assertThat(entry.verifies()).as("entry %d", entry.seq()).isTrue();
            previous = entry.hash();
        }
    }
}
