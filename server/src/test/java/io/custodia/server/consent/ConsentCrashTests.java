package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.audit.AuditChain;
import io.custodia.server.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kills the server (SIGKILL) in the middle of a stream of concurrent consent writes, starts it again on the same
 * home, and checks that every event it acknowledged is there with its audit entry and its change, that nothing is
 * half-written and that the audit chain still verifies.
 *
 * <p>The server runs in its own JVM so that it can be killed like a real process; its embedded PostgreSQL is a
 * child process that survives the kill, which the restart has to cope with.
 */
class ConsentCrashTests {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final String ADMIN_PASSWORD = "crash-test-admin-2026";
    private static final String OFFERS = "marketing.personalised_offers";
    private static final int WRITERS = 4;

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    @SuppressWarnings("NullAway.Init") // JUnit sets it before each test
    Path home;

    /** An event the server answered 201 for. */
    record Acknowledged(String eventId, String key, String customer, String body) {}

    @SuppressWarnings("NullAway.Init") // made before each test
    private ServerProcesses servers;

    @BeforeEach
    void servers() {
        servers = new ServerProcesses(home);
    }

    @AfterEach
    void stopEverything() throws Exception {
        servers.close();
    }

    @Test
    void aKilledServer_losesNoAcknowledgedEvent_andLeavesNothingHalfWritten() throws Exception {
        long started = System.nanoTime();
        int port = ServerProcesses.freePort();
        Process first =
                servers.start("first", port, "--custodia.demo=true", "--custodia.admin-password=" + ADMIN_PASSWORD);
        servers.awaitLog("first", "Loaded the demo group");

        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> running = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int index = writer;
            running.add(writers.submit(() -> write(port, index, stop, sent, acknowledged)));
        }
        // Kill after about three seconds of writing, and only once some events were acknowledged.
        long killAfter = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        servers.await(Duration.ofSeconds(30), () -> System.nanoTime() > killAfter && acknowledged.size() >= 10);
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (Future<?> writer : running) {
            writer.get(30, TimeUnit.SECONDS);
        }
        stop.set(true);
        writers.shutdown();
        int acknowledgedAtKill = acknowledged.size();
        assertThat(acknowledgedAtKill).isPositive();

        servers.start("second", port, "--custodia.demo=true", "--custodia.admin-password=" + ADMIN_PASSWORD);
        servers.awaitHealthy(port);

        Set<String> listed = new HashSet<>();
        Map<String, List<Acknowledged>> byCustomer = new java.util.TreeMap<>();
        acknowledged.values().forEach(event -> byCustomer
                .computeIfAbsent(event.customer(), customer -> new ArrayList<>())
                .add(event));
        for (String customer : byCustomer.keySet()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base(port) + "/api/v1/consents/events?scheme=customer_id&value="
                                    + URLEncoder.encode(customer, StandardCharsets.UTF_8) + "&entity=FR"))
                            .header("Authorization", basic("dpo", DEMO_PASSWORD))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            json.readTree(response.body())
                    .valueStream()
                    .forEach(event -> listed.add(event.get("eventId").asString()));
        }
        assertThat(listed).as("acknowledged events listed after the restart").containsAll(acknowledged.keySet());
        // The idempotency keys survived too: sending an acknowledged request again answers its first result.
        for (Acknowledged event : acknowledged.values()) {
            HttpResponse<String> again = post(port, event.key(), event.body());
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(json.readTree(again.body()).get("eventId").asString()).isEqualTo(event.eventId());
        }

        try (Connection db = servers.database()) {
            Set<String> audited = strings(db, "select object_id from audit_entry where object_type = 'consent_event'");
            assertThat(audited).as("audit entries of acknowledged events").containsAll(acknowledged.keySet());
            long events = count(db, "select count(*) from consent_event");
            assertThat(count(db, "select count(*) from audit_entry where object_type = 'consent_event'"))
                    .as("one audit entry per event")
                    .isEqualTo(events);
            assertThat(count(
                            db,
                            "select count(distinct object_id) from audit_entry where object_type = 'consent_event'"))
                    .isEqualTo(events);
            assertThat(count(
                            db,
                            "select count(*) from consent_event e where not exists (select 1 from audit_entry a"
                                    + " where a.object_type = 'consent_event' and a.object_id = e.id::text)"))
                    .as("events without an audit entry")
                    .isZero();
            assertThat(count(db, "select count(*) from change_log where type = 'consent.changed'"))
                    .as("one change per event")
                    .isEqualTo(events);
            // Entries take their place in the chain moments after their commit; those the killed server had not
            // chained yet are chained by the restarted one.
            awaitChained(db);
            verifyAuditChain(db);
            System.out.printf(
                    "Crash test: %d requests sent, %d acknowledged before the kill, %d events in the ledger after the"
                            + " restart, %d s in all%n",
                    sent.get(),
                    acknowledgedAtKill,
                    events,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    /** Posts distinct events until the server stops answering; records the acknowledged ones. */
    private void write(int port, int writer, AtomicBoolean stop, AtomicInteger sent, Map<String, Acknowledged> acked) {
        for (int request = 0; !stop.get(); request++) {
            // Customers of the test's own, registered by their first choice and of unknown age: the demo's include
            // children, whose grants need a guardian, and a faster server reached them within the three seconds.
            String customer = "crash-%04d".formatted(1 + (writer * 500 + request) % 2000);
            String key = "crash-" + UUID.randomUUID();
            ObjectNode body = json.createObjectNode();
            body.putObject("subject").put("scheme", "customer_id").put("value", customer);
            body.put("entity", "FR")
                    .put("purpose", OFFERS)
                    .put("action", request % 2 == 0 ? "granted" : "withdrawn")
                    .put("noticeVersion", 1)
                    .put("channel", "web");
            HttpResponse<String> response;
            try {
                sent.incrementAndGet();
                response = post(port, key, body.toString());
            } catch (IOException e) {
                return; // the server is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (response.statusCode() == 201) {
                String eventId = json.readTree(response.body()).get("eventId").asString();
                acked.put(eventId, new Acknowledged(eventId, key, customer, body.toString()));
            } else {
                throw new AssertionError("Unexpected answer " + response.statusCode() + ": " + response.body());
            }
        }
    }

    private HttpResponse<String> post(int port, String key, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base(port) + "/api/v1/consents"))
                        .header("Authorization", basic("privacy.fr", DEMO_PASSWORD))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until no audit entry is left without its place in the chain. */
    private static void awaitChained(Connection db) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(db, "select count(*) from audit_entry where seq is null") > 0) {
            assertThat(System.nanoTime())
                    .as("audit entries still unchained after 30 s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Recomputes every hash of the audit chain and checks each link and the head. */
    private static void verifyAuditChain(Connection db) throws SQLException {
        String previous = AuditChain.GENESIS;
        long expectedSeq = 1;
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select seq, recorded_at, actor, action, object_type, object_id, entity_code, payload_digest,"
                                + " previous_hash, hash from audit_entry order by seq")) {
            while (rows.next()) {
                long seq = rows.getLong("seq");
                assertThat(seq).as("audit sequence").isEqualTo(expectedSeq++);
                assertThat(rows.getString("previous_hash"))
                        .as("link of entry %d", seq)
                        .isEqualTo(previous);
                var entry = new AuditChain.Entry(
                        seq,
                        rows.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                        rows.getString("actor"),
                        rows.getString("action"),
                        rows.getString("object_type"),
                        rows.getString("object_id"),
                        rows.getString("entity_code"),
                        rows.getString("payload_digest"));
                String hash = AuditChain.hash(previous, entry);
                assertThat(rows.getString("hash")).as("hash of entry %d", seq).isEqualTo(hash);
                previous = hash;
            }
        }
        try (Statement statement = db.createStatement();
                ResultSet head = statement.executeQuery("select seq, hash from audit_head")) {
            assertThat(head.next()).isTrue();
            assertThat(head.getLong("seq")).as("head of the chain").isEqualTo(expectedSeq - 1);
            assertThat(head.getString("hash")).as("hash at the head").isEqualTo(previous);
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<String> strings(Connection db, String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String base(int port) {
        return "http://localhost:" + port;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
