package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Many writers on one customer: no event lost, none recorded twice, one state that every reader agrees on. */
class ConsentConcurrencyTest extends ConsentTestSupport {
    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 50;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eightWritersWithDistinctKeys_recordEveryEventOnce_andAgreeOnTheState() throws Exception {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        List<HttpResponse<String>> responses = concurrently(thread -> {
            List<HttpResponse<String>> mine = new ArrayList<>();
            for (int write = 0; write < WRITES_PER_THREAD; write++) {
                String action = ThreadLocalRandom.current().nextBoolean() ? "granted" : "withdrawn";
                mine.add(record(dpo(), newKey(), choice("FR", customer, OFFERS, action)));
            }
            return mine;
        });

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(201));
        List<JsonNode> timeline = timeline("FR", customer);
        assertThat(timeline).hasSize(THREADS * WRITES_PER_THREAD + 1);
        assertThat(timeline.stream()
                        .map(event -> event.get("eventId").asString())
                        .distinct())
                .hasSize(timeline.size());

        // The state every reader sees is the fold of the ledger: the last event in ledger order, where a withdrawal
        // recorded in the same microsecond as a grant comes after it.
        JsonNode last = timeline.stream()
                .max(Comparator.comparing((JsonNode event) ->
                                Instant.parse(event.get("serverTime").asString()))
                        .thenComparing(event -> event.get("action").asString().equals("withdrawn") ? 1 : 0))
                .orElseThrow();
        String status = state("FR", customer, OFFERS).get("status").asString();
        assertThat(status).isEqualTo(last.get("action").asString());

        // The changes log has one change per event, and its latest says the same.
        UUID subject = subjectOf(timeline.get(0));
        List<String> changes =
                jdbc.sql("""
                        select payload ->> 'status' from change_log
                        where subject_id = ? and payload ->> 'purpose' = ? order by position""").params(subject, OFFERS).query(String.class).list();
        assertThat(changes).hasSize(timeline.size());
        assertThat(changes.get(changes.size() - 1)).isEqualTo(status);
    }

    @Test
    void eightWritersWithTheSameKey_recordOneEvent_andAllGetItsAnswer() throws Exception {
        String customer = newCustomer("FR");
        String key = newKey();

        List<HttpResponse<String>> responses =
                concurrently(thread -> List.of(record(dpo(), key, choice("FR", customer, PARTNERS, "granted"))));

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.statusCode()).as(response.body()).isIn(200, 201));
        assertThat(responses.stream().filter(response -> response.statusCode() == 201))
                .hasSize(1);
        assertThat(responses.stream()
                        .map(response -> parse(response).get("eventId").asString())
                        .distinct())
                .hasSize(1);
        assertThat(timeline("FR", customer)).hasSize(1);
    }

    @Test
    void eightFirstContactsForOneNewCustomer_registerThemOnce() throws Exception {
        String customer = newCustomer("FR");

        List<HttpResponse<String>> responses =
                concurrently(thread -> List.of(record(dpo(), newKey(), choice("FR", customer, RESEARCH, "granted"))));

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(201));
        List<JsonNode> timeline = timeline("FR", customer);
        assertThat(timeline).hasSize(THREADS);
        assertThat(timeline.stream().map(this::subjectOf).distinct()).hasSize(1);
    }

    @Test
    void eightWritersOnManyCustomers_recordEveryEvent_eachCustomerWithItsOwnConsistentState() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int customer = 0; customer < THREADS * 4; customer++) {
            customers.add(newCustomer("FR"));
        }

        List<HttpResponse<String>> responses = concurrently(thread -> {
            List<HttpResponse<String>> mine = new ArrayList<>();
            for (int write = 0; write < WRITES_PER_THREAD; write++) {
                String customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
                String action = ThreadLocalRandom.current().nextBoolean() ? "granted" : "withdrawn";
                mine.add(record(dpo(), newKey(), choice("FR", customer, OFFERS, action)));
            }
            return mine;
        });

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(201));
        int events = 0;
        for (String customer : customers) {
            List<JsonNode> timeline = timeline("FR", customer);
            events += timeline.size();
            if (timeline.isEmpty()) {
                continue;
            }
            JsonNode last = timeline.stream()
                    .max(Comparator.comparing((JsonNode event) ->
                                    Instant.parse(event.get("serverTime").asString()))
                            .thenComparing(
                                    event -> event.get("action").asString().equals("withdrawn") ? 1 : 0))
                    .orElseThrow();
            String status = state("FR", customer, OFFERS).get("status").asString();
            assertThat(status).as(customer).isEqualTo(last.get("action").asString());
            List<String> changes = jdbc.sql("""
                            select payload ->> 'status' from change_log
                            where subject_id = ? and payload ->> 'purpose' = ? order by position""")
                    .params(subjectOf(timeline.get(0)), OFFERS)
                    .query(String.class)
                    .list();
            assertThat(changes).as(customer).hasSize(timeline.size());
            assertThat(changes.get(changes.size() - 1)).as(customer).isEqualTo(status);
        }
        assertThat(events).isEqualTo(THREADS * WRITES_PER_THREAD);
    }

    private UUID subjectOf(JsonNode event) {
        return jdbc.sql("select subject_id from consent_event where id = ?")
                .param(UUID.fromString(event.get("eventId").asString()))
                .query(UUID.class)
                .single();
    }

    /** Runs the writer on eight threads started together, and gathers every response. */
    private static List<HttpResponse<String>> concurrently(Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<HttpResponse<String>>>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int number = thread;
                Callable<List<HttpResponse<String>>> task = () -> {
                    start.await();
                    return writer.write(number);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<List<HttpResponse<String>>> future : futures) {
                responses.addAll(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Writer {
        List<HttpResponse<String>> write(int thread) throws Exception;
    }
}
