package io.custodia.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CompanyStore;
import io.custodia.server.ServerProcesses;
import java.io.IOException;
import java.net.URI;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kills the server (SIGKILL) while its workers carry out a batch of erasure and access requests against the telecom
 * shop, starts it again on the same home, and checks that the work resumed where it stopped: every request completes,
 * every task is done once on the record, the shop changed exactly as the erasures say and nowhere else, and every
 * access package holds its customer's records.
 *
 * <p>The server runs in its own JVM so that it can be killed like a real process; the shop runs in this JVM's second
 * PostgreSQL, which the kill does not touch, as a company's store would not be.
 */
class RequestCrashTests {
    @RegisterExtension
    static final CompanyStore STORE = new CompanyStore();

    private static final String ADMIN_PASSWORD = "crash-test-admin-2026";
    private static final int ERASURES = 30;
    private static final int ACCESSES = 30;

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    @SuppressWarnings("NullAway.Init") // JUnit sets it before each test
    Path home;

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
    void aKilledServer_resumesItsRequests_withoutErasingTwice_orLosingWhatItCollected() throws Exception {
        String database = "crash_" + UUID.randomUUID().toString().substring(0, 8);
        String jdbcUrl = STORE.createDatabase(database);
        DataSource shop = STORE.database(database);
        int port = ServerProcesses.freePort();
        Process first = start("first", port);
        servers.awaitHealthy(port);
        String entity = "K" + UUID.randomUUID().toString().substring(0, 5).toUpperCase(java.util.Locale.ROOT);
        setUp(port, entity, jdbcUrl);

        List<Integer> erased = new ArrayList<>();
        Map<String, Integer> accessed = new HashMap<>();
        Map<String, Set<String>> expected = new HashMap<>();
        Map<String, Map<String, String>> before;
        try (Connection connection = shop.getConnection()) {
            for (int customer = 100; customer < 100 + ERASURES; customer++) {
                erased.add(customer);
                expect(connection, customer, expected);
            }
            before = snapshot(connection);
            List<String> filed = new ArrayList<>();
            for (int customer = 100; customer < 100 + ERASURES + ACCESSES; customer++) {
                String email = text(connection, "SELECT email FROM customer WHERE id = " + customer);
                String type = customer < 100 + ERASURES ? "erasure" : "access";
                String id = file(port, entity, type, email);
                filed.add(id);
                if (type.equals("access")) {
                    accessed.put(id, customer);
                }
            }
            assertThat(filed).hasSize(ERASURES + ACCESSES);
        }
        // Kill once some requests are done and some are not.
        servers.await(Duration.ofMinutes(2), () -> {
            Map<String, Integer> statuses = statuses(port, entity);
            return statuses.getOrDefault("completed", 0) > 0 && statuses.getOrDefault("in_progress", 0) > 0;
        });
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        int completedAtKill = 0;
        try (Connection custodia = servers.database()) {
            completedAtKill = (int) count(
                    custodia,
                    "select count(*) from data_request where status = 'completed' and entity_code = '" + entity + "'");
        }

        start("second", port);
        servers.awaitHealthy(port);
        servers.await(
                Duration.ofMinutes(3),
                () -> statuses(port, entity).getOrDefault("completed", 0) == ERASURES + ACCESSES);

        try (Connection custodia = servers.database()) {
            assertThat(count(custodia, "select count(*) from data_request_task where status <> 'done'"))
                    .isZero();
            assertThat(count(
                            custodia,
                            "select count(*) from (select object_id from audit_entry where action = 'request.task_done'"
                                    + " group by object_id having count(*) > 1) twice"))
                    .as("tasks recorded done twice")
                    .isZero();
            assertThat(count(
                            custodia,
                            "select count(*) from data_request_task t join data_request r on r.id = t.request_id"
                                    + " where r.entity_code = '" + entity + "'"))
                    .isEqualTo(count(
                            custodia,
                            "select count(*) from audit_entry where action = 'request.task_done' and entity_code = '"
                                    + entity + "'"));
        }
        try (Connection connection = shop.getConnection()) {
            Map<String, Map<String, String>> after = snapshot(connection);
            for (String table : before.keySet()) {
                assertThat(TelecomShopLifecycleTests.changed(
                                java.util.Objects.requireNonNull(before.get(table)),
                                java.util.Objects.requireNonNull(after.get(table))))
                        .as("rows of %s changed", table)
                        .isEqualTo(expected.getOrDefault(table, Set.of()));
            }
        }
        for (Map.Entry<String, Integer> access : accessed.entrySet()) {
            HttpResponse<String> response = get(port, "/api/v1/requests/" + access.getKey() + "/package");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode customer = json.readTree(response.body())
                    .get("records")
                    .valueStream()
                    .filter(collection ->
                            collection.get("collection").asString().equals("customer"))
                    .findFirst()
                    .orElseThrow();
            assertThat(customer.get("records").get(0).get("id").get("value").asInt())
                    .isEqualTo(access.getValue());
        }
        assertThat(erased).hasSize(ERASURES);
        System.out.printf(
                "Request crash test: %d of %d requests completed at the kill, all %d after the restart%n",
                completedAtKill, ERASURES + ACCESSES, ERASURES + ACCESSES);
    }

    private void setUp(int port, String entity, String jdbcUrl) throws Exception {
        ObjectNode group = json.createObjectNode()
                .put("code", entity)
                .put("name", "Crash " + entity)
                .put("jurisdiction", "fr")
                .put("timeZone", "Europe/Paris")
                .put("country", "FR");
        assertThat(post(port, "/api/v1/entities", group.toString(), "application/json")
                        .statusCode())
                .isEqualTo(201);
        ObjectNode connection = json.createObjectNode()
                .put("entity", entity)
                .put("key", "shop-db")
                .put("type", "postgres")
                .put("name", "Web shop")
                .put("jdbcUrl", jdbcUrl)
                .put("user", "postgres")
                .put("password", "store-password-42");
        HttpResponse<String> created = post(port, "/api/v1/connections", connection.toString(), "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> registered = post(
                port,
                "/api/v1/datasets?connection=shop-db&entity=" + entity,
                CompanyStore.resource("/dsr/telecom-shop.custodia.yml"),
                "application/yaml");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    }

    /** The rows an erasure of the customer changes, by table, as the shop's schema says. */
    private static void expect(Connection connection, int customer, Map<String, Set<String>> expected)
            throws SQLException {
        String email = text(connection, "SELECT email FROM customer WHERE id = " + customer);
        add(expected, "customer", Set.of(Integer.toString(customer)));
        for (String table : List.of("address", "payment_card", "subscription", "orders", "login")) {
            add(expected, table, strings(connection, "SELECT id FROM " + table + " WHERE customer_id = " + customer));
        }
        add(expected, "visit", strings(connection, "SELECT id FROM visit WHERE email = '" + email + "'"));
        add(
                expected,
                "service_request",
                strings(
                        connection,
                        "SELECT id FROM service_request WHERE customer_id = " + customer + " OR contact_email = '"
                                + email + "'"));
    }

    private static void add(Map<String, Set<String>> expected, String table, Set<String> keys) {
        if (!keys.isEmpty()) {
            expected.computeIfAbsent(table, name -> new HashSet<>()).addAll(keys);
        }
    }

    private static Map<String, Map<String, String>> snapshot(Connection connection) throws SQLException {
        Map<String, Map<String, String>> snapshot = new HashMap<>();
        for (String table : List.of(
                "product",
                "customer",
                "address",
                "payment_card",
                "subscription",
                "orders",
                "login",
                "visit",
                "service_request",
                "order_item")) {
            String key = table.equals("order_item") ? "order_id || '/' || line_no" : "id::text";
            Map<String, String> rows = new HashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT " + key + ", t::text FROM " + table + " t")) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getString(2));
                }
            }
            snapshot.put(table, rows);
        }
        return snapshot;
    }

    private String file(int port, String entity, String type, String email) throws Exception {
        ObjectNode body =
                json.createObjectNode().put("type", type).put("entity", entity).put("channel", "store");
        body.putObject("subject").put("scheme", "email").put("value", email);
        HttpResponse<String> response = post(port, "/api/v1/requests", body.toString(), "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).get("id").asString();
    }

    private Map<String, Integer> statuses(int port, String entity) {
        Map<String, Integer> statuses = new HashMap<>();
        try {
            HttpResponse<String> response = get(port, "/api/v1/requests?limit=1000&entity=" + entity);
            if (response.statusCode() == 200) {
                json.readTree(response.body())
                        .valueStream()
                        .forEach(request -> statuses.merge(request.get("status").asString(), 1, Integer::sum));
            }
        } catch (IOException e) {
            // not answering yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return statuses;
    }

    private HttpResponse<String> post(int port, String path, String body, String type)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", admin())
                        .header("Content-Type", type)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", admin())
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Process start(String name, int port) throws IOException {
        return servers.start(
                name,
                port,
                "--custodia.demo=false",
                "--custodia.admin-password=" + ADMIN_PASSWORD,
                // One worker, so that the kill finds the batch half done; a short lease, so that the task the kill
                // interrupted is taken again soon after the restart.
                "--custodia.requests.workers=1",
                "--custodia.requests.lease=PT5S");
    }

    private static String admin() {
        return "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        Set<String> values = strings(connection, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.iterator().next();
    }

    private static Set<String> strings(Connection connection, String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
