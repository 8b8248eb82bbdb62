package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Concurrent requests are written together, in one transaction: each must keep the rules it has alone. To make a
 * group for certain, a test holds the ledger table (as a bulk import's last phase does) while first requests take
 * every writer thread, so that the next requests gather behind them, in the order they are sent; letting go writes
 * them as one group.
 */
class GroupCommitTest extends ConsentTestSupport {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    GroupCommit groupCommit;

    /**
     * Customers registered before each test whose refusals hold every thread that writes while a group gathers: the
     * first request, written on its own thread since no other is in flight, then one per writer thread.
     */
    private final List<String> blockers = new ArrayList<>();

    @BeforeEach
    void blockers() {
        blockers.clear();
        for (int writer = 0; writer <= groupCommit.writers(); writer++) {
            String customer = newCustomer("FR");
            recorded(dpo(), choice("FR", customer, OFFERS, "refused"));
            blockers.add(customer);
        }
    }

    @Test
    void aRequestThatBreaksARule_isRefusedAlone_andLeavesNothing_whileTheOthersOfItsGroupAreRecorded()
            throws Exception {
        String used = newKey();
        recorded(dpo(), choice("FR", newCustomer("FR"), OFFERS, "granted"), used);
        String first = newCustomer("FR");
        String last = newCustomer("FR");
        String unlinkedChild = newCustomer("FR");
        ObjectNode byAStranger = choice("FR", unlinkedChild, OFFERS, "granted");
        byAStranger.putObject("guardian").put("scheme", "customer_id").put("value", newCustomer("FR"));
        String batchCustomer = newCustomer("FR");
        ObjectNode batch = json.createObjectNode();
        batch.putArray("events")
                .add(choice("FR", batchCustomer, OFFERS, "granted").put("idempotencyKey", newKey()))
                .add(byAStranger.deepCopy().put("idempotencyKey", newKey()));
        long subjectsBefore = subjects();

        List<HttpResponse<String>> answers = inOneGroup(List.of(
                single(newKey(), choice("FR", first, OFFERS, "granted")),
                single(newKey(), byAStranger),
                single(used, choice("FR", newCustomer("FR"), PARTNERS, "refused")),
                batch(batch),
                single(newKey(), choice("FR", last, OFFERS, "withdrawn"))));

        assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isEqualTo(201);
        assertThat(fields(answers.get(1))).containsExactly("guardian");
        assertThat(answers.get(2).statusCode()).as(answers.get(2).body()).isEqualTo(409);
        assertThat(fields(answers.get(3))).containsExactly("events[1].guardian");
        assertThat(answers.get(4).statusCode()).as(answers.get(4).body()).isEqualTo(201);
        assertThat(timeline("FR", first)).hasSize(1);
        assertThat(timeline("FR", last)).hasSize(1);
        assertThat(timeline("FR", batchCustomer)).isEmpty();
        // The two customers recorded are registered; those of the refused requests are not.
        assertThat(subjects()).isEqualTo(subjectsBefore + 2);
    }

    @Test
    void twoRequestsWithOneKey_inOneGroup_recordOneEvent_andBothGetItsAnswer() throws Exception {
        String key = newKey();
        ObjectNode grant = choice("FR", newCustomer("FR"), OFFERS, "granted");

        List<HttpResponse<String>> answers = inOneGroup(List.of(single(key, grant), single(key, grant)));

        assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isEqualTo(201);
        assertThat(answers.get(1).statusCode()).as(answers.get(1).body()).isEqualTo(200);
        assertThat(answers.get(1).headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(answers.get(1).body()).isEqualTo(answers.get(0).body());
    }

    @Test
    void choicesOfOneCustomer_inOneGroup_keepTheOrderTheyCameIn() throws Exception {
        String customer = newCustomer("FR");
        List<String> actions = List.of("granted", "withdrawn", "granted", "refused", "granted", "withdrawn");
        List<HttpRequest> requests = new ArrayList<>();
        for (String action : actions) {
            requests.add(single(newKey(), choice("FR", customer, OFFERS, action)));
        }

        List<HttpResponse<String>> answers = inOneGroup(requests);

        for (int index = 0; index < actions.size(); index++) {
            HttpResponse<String> answer = answers.get(index);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            // Each answer is the state right after its own event, the events before it in the group counted.
            assertThat(parse(answer).get("state").get("status").asString()).isEqualTo(actions.get(index));
        }
        List<JsonNode> timeline = timeline("FR", customer);
        assertThat(timeline).extracting(event -> event.get("action").asString()).isEqualTo(actions);
        for (int index = 1; index < timeline.size(); index++) {
            assertThat(Instant.parse(timeline.get(index).get("serverTime").asString()))
                    .isAfter(Instant.parse(
                            timeline.get(index - 1).get("serverTime").asString()));
        }
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("withdrawn");
        UUID subject =
                UUID.fromString(subjectOf(parse(answers.get(0)).get("eventId").asString()));
        assertThat(jdbc.sql("""
                        select payload ->> 'status' from change_log
                        where subject_id = ? and payload ->> 'purpose' = ? order by id""").params(subject, OFFERS).query(String.class).list())
                .isEqualTo(actions);
    }

    @Test
    void aRequestTheDatabaseRefuses_failsAlone_andTheOthersOfItsGroupAreRecorded() throws Exception {
        // Outside the product: the database refusing one row, as a full disk or a broken constraint would.
        jdbc.sql("""
                        create or replace function group_commit_test_refuse() returns trigger language plpgsql as $$
                        begin
                            if new.idempotency_key like 'refused-by-the-database-%' then
                                raise exception 'refused for the test';
                            end if;
                            return new;
                        end;
                        $$""").update();
        jdbc.sql("create trigger group_commit_test_refuse before insert on consent_event"
                        + " for each row execute function group_commit_test_refuse()")
                .update();
        try {
            String first = newCustomer("FR");
            String refused = newCustomer("FR");
            String last = newCustomer("FR");

            List<HttpResponse<String>> answers = inOneGroup(List.of(
                    single(newKey(), choice("FR", first, OFFERS, "granted")),
                    single("refused-by-the-database-" + UUID.randomUUID(), choice("FR", refused, OFFERS, "granted")),
                    single(newKey(), choice("FR", last, OFFERS, "granted"))));

            assertThat(answers.get(0).statusCode()).as(answers.get(0).body()).isEqualTo(201);
            assertThat(answers.get(1).statusCode()).isEqualTo(500);
            assertThat(answers.get(2).statusCode()).as(answers.get(2).body()).isEqualTo(201);
            assertThat(timeline("FR", first)).hasSize(1);
            assertThat(timeline("FR", refused)).isEmpty();
            assertThat(timeline("FR", last)).hasSize(1);
        } finally {
            jdbc.sql("drop trigger group_commit_test_refuse on consent_event").update();
            jdbc.sql("drop function group_commit_test_refuse()").update();
        }
    }

    /**
     * Sends the requests so that they are written as one group, in this order, and answers their responses in the
     * same order.
     */
    private List<HttpResponse<String>> inOneGroup(List<HttpRequest> requests) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> blocking = new ArrayList<>();
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("lock table consent_event in share row exclusive mode");
            }
            // The first request is written on its own thread and the next ones take the writer threads, which all
            // wait for the table.
            for (String customer : blockers) {
                blocking.add(http.sendAsync(
                        single(newKey(), choice("FR", customer, OFFERS, "refused")),
                        HttpResponse.BodyHandlers.ofString()));
                awaitBlocked(blocking.size());
            }
            for (HttpRequest request : requests) {
                sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                awaitWaiting(sent.size());
            }
            holder.commit();
        }
        for (CompletableFuture<HttpResponse<String>> blocker : blocking) {
            assertThat(blocker.get().statusCode()).isEqualTo(201);
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : sent) {
            answers.add(answer.get());
        }
        return answers;
    }

    private void awaitBlocked(int writers) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (jdbc.sql("select count(*) from pg_locks where relation = 'consent_event'::regclass and not granted")
                        .query(Long.class)
                        .single()
                < writers) {
            assertThat(System.nanoTime())
                    .as("%d writers wait for the ledger table", writers)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        assertThat(groupCommit.waiting()).isZero();
    }

    private void awaitWaiting(int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (groupCommit.waiting() != count) {
            assertThat(System.nanoTime())
                    .as("%d requests waiting for the writer thread", count)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private HttpRequest single(String key, ObjectNode body) {
        return HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", dpo())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest batch(ObjectNode body) {
        return HttpRequest.newBuilder(uri("/api/v1/consents/batch"))
                .header("Authorization", dpo())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private JsonNode recorded(String authorization, ObjectNode body, String key) {
        HttpResponse<String> response = record(authorization, key, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response);
    }

    private long subjects() {
        return jdbc.sql("select count(*) from subject").query(Long.class).single();
    }

    private String subjectOf(String eventId) {
        return jdbc.sql("select subject_id::text from consent_event where id = ?::uuid")
                .param(eventId)
                .query(String.class)
                .single();
    }
}
