package io.custodia.server.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CompanyStore;
import io.custodia.server.CustodiaTest;
import io.custodia.server.MariaDbStore;
import io.custodia.server.StoreQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The steps of requests carried out in a real MariaDB server, through a {@code mysql} connection: the telecom shop
 * with the same dataset and the same rows as the PostgreSQL store (copied from it), checked against SQL written by
 * hand and against a snapshot of the whole store. The erasures commit in a database of this class's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbRequestTests extends CustodiaTest {
    @RegisterExtension
    static final CompanyStore POSTGRES = new CompanyStore();

    @RegisterExtension
    static final MariaDbStore MARIADB = new MariaDbStore(POSTGRES);

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    @Autowired
    Connectors connectors;

    private String entity;
    private String database;

    @BeforeAll
    void registerTheShop() {
        entity = createEntity('M', "MariaDB shop");
        database = "shop_" + UUID.randomUUID().toString().substring(0, 8);
        String jdbcUrl = MARIADB.createDatabase(database);
        ObjectNode connection = json.createObjectNode()
                .put("entity", entity)
                .put("key", "shop-mariadb")
                .put("type", "mysql")
                .put("name", "Web shop on MariaDB")
                .put("jdbcUrl", jdbcUrl)
                .put("schema", database)
                .put("user", MariaDbStore.USER)
                .put("password", MariaDbStore.PASSWORD);
        var created = post("/api/v1/connections", admin(), connection.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(parse(created).path("type").asString()).isEqualTo("mysql");
        var registered = send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/datasets?connection=shop-mariadb&entity=" + entity))
                        .header("Authorization", admin())
                        .header("Content-Type", "application/yaml")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                CompanyStore.resource("/dsr/telecom-shop.custodia.yml")))
                        .build());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    }

    @Test
    void theMariaDbShop_holdsTheSameRowsAsThePostgreSqlShop() throws SQLException {
        Map<String, Map<String, String>> mariadb = snapshot(MARIADB.dataSource());

        assertThat(mariadb.get("customer")).hasSize(500);
        assertThat(mariadb).isEqualTo(snapshot(POSTGRES.dataSource()));
    }

    @Test
    void collect_findsExactlyTheRowsThatHandWrittenSqlFinds() throws SQLException {
        // Customer 30 has a shipping address, a second card and an older request made before becoming a customer.
        String email = text("SELECT email FROM customer WHERE id = 30");
        Map<String, Map<String, String>> before = snapshot(shop());

        StepOutcome outcome = connectors.collect(shopDb(), Identities.of("email", email), "req-mariadb-collect");

        assertThat(outcome.status()).isEqualTo(StepStatus.DONE);
        Map<String, Set<String>> found = new TreeMap<>();
        for (CollectionRecords collection :
                Objects.requireNonNull(outcome.records()).collections()) {
            assertThat(collection.dataset()).isEqualTo("telecom_shop");
            Set<String> keys = found.computeIfAbsent(collection.collection(), name -> new HashSet<>());
            for (Map<String, FieldValue> row : collection.rows()) {
                keys.add(
                        row.containsKey("id")
                                ? String.valueOf(at(row, "id").value())
                                : at(row, "order_id").value() + "/"
                                        + at(row, "line_no").value());
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("customer", strings("SELECT id FROM customer WHERE email = '" + email + "'"));
        expected.put("address", strings("SELECT id FROM address WHERE customer_id = 30"));
        expected.put(
                "payment_card",
                strings("SELECT id FROM payment_card WHERE customer_id = 30"
                        + " UNION SELECT payment_card_id FROM orders WHERE customer_id = 30"
                        + " AND payment_card_id IS NOT NULL"));
        expected.put("subscription", strings("SELECT id FROM subscription WHERE customer_id = 30"));
        expected.put("orders", strings("SELECT id FROM orders WHERE customer_id = 30"));
        expected.put(
                "order_item",
                strings("SELECT CONCAT(i.order_id, '/', i.line_no) FROM order_item i"
                        + " JOIN orders o ON o.id = i.order_id WHERE o.customer_id = 30"));
        expected.put(
                "product",
                strings("SELECT plan_product_id FROM subscription WHERE customer_id = 30"
                        + " UNION SELECT i.product_id FROM order_item i JOIN orders o ON o.id = i.order_id"
                        + " WHERE o.customer_id = 30"));
        expected.put("login", strings("SELECT id FROM login WHERE customer_id = 30"));
        expected.put("visit", strings("SELECT id FROM visit WHERE email = '" + email + "'"));
        expected.put(
                "service_request",
                strings("SELECT id FROM service_request WHERE customer_id = 30 OR contact_email = '" + email + "'"));
        assertThat(found).isEqualTo(expected);
        assertThat(at(found, "payment_card")).hasSize(2);
        assertThat(at(found, "service_request")).hasSize(2);
        // Each field's value is the store's, with the field's data categories.
        Map<String, FieldValue> customer = Objects.requireNonNull(outcome.records()).collections().stream()
                .filter(collection -> collection.collection().equals("customer"))
                .findFirst()
                .orElseThrow()
                .rows()
                .get(0);
        assertThat(customer.get("email")).isEqualTo(new FieldValue(email, List.of("user.contact.email")));
        assertThat(String.valueOf(at(customer, "last_name").value()))
                .isEqualTo(text("SELECT last_name FROM customer WHERE id = 30"));
        assertThat(at(customer, "last_name").dataCategories()).containsExactly("user.name");
        // Reading changed nothing.
        assertThat(snapshot(shop())).isEqualTo(before);
    }

    @Test
    void erase_changesExactlyTheMappedRowsAndFields_andASecondRunChangesNothing() throws SQLException {
        String email = text("SELECT email FROM customer WHERE id = 90");
        Map<String, Set<String>> expected = erasedBy(90, email);
        Set<String> cards = at(expected, "payment_card");
        Set<String> addresses = at(expected, "address");
        Map<String, Map<String, String>> before = snapshot(shop());
        Map<String, Map<String, @Nullable String>> beforeColumns = rows(shop());
        SystemTarget shop = shopDb();

        StepOutcome first = connectors.erase(shop, Identities.of("email", email), "req-mariadb-erase-1");

        // 1 line, 3 orders, 2 cards, 2 addresses, 5 logins, 2 requests, the customer, 4 visits.
        assertThat(first.status()).isEqualTo(StepStatus.DONE);
        assertThat(first.rowsChanged()).isEqualTo(20);
        Map<String, Map<String, String>> after = snapshot(shop());
        assertChangedExactly(before, after, expected);
        // Deleted: the customer, their addresses, cards and logins.
        for (String table : List.of("customer", "address", "payment_card", "login")) {
            assertThat(at(after, table).keySet())
                    .as("rows left in %s", table)
                    .doesNotContainAnyElementsOf(at(expected, table));
        }
        // Kept, with exactly the mapped fields rewritten.
        Map<String, Map<String, @Nullable String>> afterColumns = rows(shop());
        for (String id : at(expected, "subscription")) {
            assertThat(changedColumns(beforeColumns, afterColumns, "subscription", id))
                    .containsExactly("customer_id");
            assertThat(at(afterColumns, "subscription/" + id).get("customer_id"))
                    .isNull();
        }
        for (String id : at(expected, "orders")) {
            Map<String, @Nullable String> was = at(beforeColumns, "orders/" + id);
            Set<String> rewritten = new HashSet<>(Set.of("customer_id"));
            if (was.get("shipping_address_id") != null) {
                rewritten.add("shipping_address_id");
                assertThat(addresses).contains(was.get("shipping_address_id"));
            }
            if (was.get("payment_card_id") != null) {
                rewritten.add("payment_card_id");
                assertThat(cards).contains(was.get("payment_card_id"));
            }
            assertThat(changedColumns(beforeColumns, afterColumns, "orders", id))
                    .containsExactlyInAnyOrderElementsOf(rewritten);
        }
        for (String id : at(expected, "visit")) {
            assertThat(changedColumns(beforeColumns, afterColumns, "visit", id))
                    .containsExactlyInAnyOrder("email", "ip_address");
            assertThat(at(afterColumns, "visit/" + id).get("email")).matches(DIGEST);
            assertThat(at(afterColumns, "visit/" + id).get("ip_address")).isNull();
        }
        for (String id : at(expected, "service_request")) {
            Map<String, @Nullable String> now = at(afterColumns, "service_request/" + id);
            assertThat(changedColumns(beforeColumns, afterColumns, "service_request", id))
                    .isSubsetOf("customer_id", "contact_email", "contact_phone", "notes")
                    .isNotEmpty();
            assertThat(now.get("customer_id")).isNull();
            assertThat(now.get("notes")).isNull();
            if (now.get("contact_email") != null) {
                assertThat(now.get("contact_email")).matches(DIGEST);
            }
        }

        StepOutcome second = connectors.erase(shop, Identities.of("email", email), "req-mariadb-erase-2");

        assertThat(second.status()).isEqualTo(StepStatus.DONE);
        assertThat(second.rowsChanged()).isZero();
        assertThat(snapshot(shop())).isEqualTo(after);
        assertThat(Objects.requireNonNull(connectors
                                .collect(shop, Identities.of("email", email), "req-mariadb-after")
                                .records())
                        .collections())
                .extracting(CollectionRecords::collection)
                .doesNotContain("customer", "address", "payment_card", "login", "visit");
    }

    @Test
    void rectify_setsTheFieldsOfTheCategory_once() throws SQLException {
        String email = text("SELECT email FROM customer WHERE id = 31");
        Identities who = Identities.of("email", email);
        long cards = Long.parseLong(text("SELECT count(*) FROM payment_card WHERE customer_id = 31"));

        StepOutcome first = connectors.rectify(shopDb(), who, Map.of("user.name", "Camille Martin"), "req-my-rect-1");
        StepOutcome second = connectors.rectify(shopDb(), who, Map.of("user.name", "Camille Martin"), "req-my-rect-2");

        assertThat(first.rowsChanged()).isEqualTo(1 + cards);
        assertThat(second.rowsChanged()).isZero();
        assertThat(text("SELECT CONCAT(first_name, '/', last_name) FROM customer WHERE id = 31"))
                .isEqualTo("Camille Martin/Camille Martin");
        assertThat(strings("SELECT holder_name FROM payment_card WHERE customer_id = 31"))
                .containsExactly("Camille Martin");
    }

    @Test
    void erasureRequest_filedOverTheApi_isCarriedOutInMariaDb() throws SQLException {
        // Customer 120 has a shipping address, a second card, and a request made before becoming a customer.
        String email = text("SELECT email FROM customer WHERE id = 120");
        Map<String, Set<String>> expected = erasedBy(120, email);
        Map<String, Map<String, String>> before = snapshot(shop());
        ObjectNode body = json.createObjectNode()
                .put("type", "erasure")
                .put("entity", entity)
                .put("channel", "call_center");
        body.putObject("subject").put("scheme", "email").put("value", email);
        var filed = post("/api/v1/requests", admin(), body.toString());
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        String id = parse(filed).path("id").asString();

        JsonNode done = awaitCompleted(id);

        JsonNode erase = done.path("tasks")
                .valueStream()
                .filter(task -> task.path("step").asString().equals("erase"))
                .findFirst()
                .orElseThrow();
        assertThat(erase.path("system").asString()).isEqualTo("shop-mariadb");
        assertThat(erase.path("rowsChanged").asLong())
                .isEqualTo(expected.values().stream().mapToLong(Set::size).sum());
        assertChangedExactly(before, snapshot(shop()), expected);
    }

    /** The request once the workers completed it; fails after a minute. */
    private JsonNode awaitCompleted(String id) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (true) {
            var answer = get("/api/v1/requests/" + id, admin());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode request = parse(answer);
            if (request.path("status").asString().equals("completed")) {
                return request;
            }
            assertThat(System.nanoTime()).as("request %s: %s", id, request).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The rows an erasure by the customer's e-mail address changes, by table, from SQL written by hand. */
    private Map<String, Set<String>> erasedBy(int customer, String email) throws SQLException {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("customer", Set.of(String.valueOf(customer)));
        for (String table : List.of("address", "payment_card", "subscription", "orders", "login")) {
            expected.put(table, strings("SELECT id FROM " + table + " WHERE customer_id = " + customer));
        }
        expected.put("visit", strings("SELECT id FROM visit WHERE email = '" + email + "'"));
        expected.put(
                "service_request",
                strings("SELECT id FROM service_request WHERE customer_id = " + customer + " OR contact_email = '"
                        + email + "'"));
        return expected;
    }

    /** Every table compared before and after: no row added, and exactly the expected rows changed or gone. */
    private static void assertChangedExactly(
            Map<String, Map<String, String>> before,
            Map<String, Map<String, String>> after,
            Map<String, Set<String>> expected) {
        for (String table : MariaDbStore.TABLES) {
            Map<String, String> rowsBefore = at(before, table);
            Map<String, String> rowsAfter = at(after, table);
            assertThat(rowsAfter.keySet()).as("rows added to %s", table).isSubsetOf(rowsBefore.keySet());
            assertThat(changed(rowsBefore, rowsAfter))
                    .as("rows of %s changed", table)
                    .isEqualTo(expected.getOrDefault(table, Set.of()));
        }
    }

    private static <V> V at(Map<String, V> map, String key) {
        return Objects.requireNonNull(map.get(key), key);
    }

    /** The keys of the rows that differ or are gone. */
    private static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> changed = new HashSet<>();
        before.forEach((key, row) -> {
            if (!row.equals(after.get(key))) {
                changed.add(key);
            }
        });
        return changed;
    }

    private static Set<String> changedColumns(
            Map<String, Map<String, @Nullable String>> before,
            Map<String, Map<String, @Nullable String>> after,
            String table,
            String id) {
        Map<String, @Nullable String> was = Objects.requireNonNull(before.get(table + "/" + id));
        Map<String, @Nullable String> now =
                Objects.requireNonNull(after.get(table + "/" + id), table + " " + id + " is gone");
        Set<String> columns = new HashSet<>();
        was.forEach((column, value) -> {
            if (!Objects.equals(value, now.get(column))) {
                columns.add(column);
            }
        });
        return columns;
    }

    /** Every row of every table of the shop, by table and key, as text: the same form for PostgreSQL and MariaDB. */
    private static Map<String, Map<String, String>> snapshot(DataSource store) throws SQLException {
        Map<String, Map<String, String>> snapshot = new LinkedHashMap<>();
        Map<String, Map<String, @Nullable String>> rows = rows(store);
        for (String table : MariaDbStore.TABLES) {
            snapshot.put(table, new TreeMap<>());
        }
        rows.forEach((name, row) -> {
            int slash = name.indexOf('/');
            at(snapshot, name.substring(0, slash)).put(name.substring(slash + 1), row.toString());
        });
        return snapshot;
    }

    /** Every row of the shop, named {@code table/key}, each a map from column to value as text. */
    private static Map<String, Map<String, @Nullable String>> rows(DataSource store) throws SQLException {
        Map<String, Map<String, @Nullable String>> rows = new TreeMap<>();
        try (Connection connection = store.getConnection()) {
            for (String table : MariaDbStore.TABLES) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM " + table);
                        ResultSet result = statement.executeQuery()) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        Map<String, @Nullable String> row = new TreeMap<>();
                        for (int column = 1; column <= columns.getColumnCount(); column++) {
                            row.put(
                                    columns.getColumnName(column).toLowerCase(java.util.Locale.ROOT),
                                    result.getString(column));
                        }
                        String key = table.equals("order_item")
                                ? row.get("order_id") + "/" + row.get("line_no")
                                : row.get("id");
                        rows.put(table + "/" + key, row);
                    }
                }
            }
        }
        return rows;
    }

    private SystemTarget shopDb() {
        return connectors.systems(entity).stream()
                .filter(system -> system.key().equals("shop-mariadb"))
                .findFirst()
                .orElseThrow();
    }

    private DataSource shop() {
        return MARIADB.database(database);
    }

    private String text(String sql) throws SQLException {
        return StoreQueries.text(shop(), sql);
    }

    private Set<String> strings(String sql) throws SQLException {
        return StoreQueries.strings(shop(), sql);
    }
}
