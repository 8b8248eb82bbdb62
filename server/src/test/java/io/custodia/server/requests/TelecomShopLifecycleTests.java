package io.custodia.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CompanyStore;
import io.custodia.server.StoreQueries;
import io.custodia.server.connectors.Connectors;
import io.custodia.server.connectors.Identities;
import io.custodia.server.connectors.StepOutcome;
import io.custodia.server.connectors.SystemTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests carried out end to end against a real store of the company: the telecom shop in a second PostgreSQL,
 * reached through the connectors feature. What a request found or changed is checked against SQL written by hand for
 * the shop's schema, and against a snapshot of the whole store taken before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelecomShopLifecycleTests extends RequestTestSupport {
    @RegisterExtension
    static final CompanyStore STORE = new CompanyStore();

    /** Every table of the shop with the expression that names a row. */
    private static final Map<String, String> TABLES = tables();

    @Autowired
    Connectors connectors;

    @Autowired
    Packages packages;

    @Autowired
    JdbcClient jdbc;

    private String entity;
    private String database;

    @BeforeAll
    void registerTheShop() {
        entity = createEntity('Q', "Requests shop");
        database = "requests_" + UUID.randomUUID().toString().substring(0, 8);
        String jdbcUrl = STORE.createDatabase(database);
        ObjectNode connection = json.createObjectNode()
                .put("entity", entity)
                .put("key", "shop-db")
                .put("type", "postgres")
                .put("name", "Web shop")
                .put("jdbcUrl", jdbcUrl)
                .put("user", "postgres")
                .put("password", "store-password-42");
        HttpResponse<String> created = post("/api/v1/connections", admin(), connection.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> registered = send(HttpRequest.newBuilder(
                        uri("/api/v1/datasets?connection=shop-db&entity=" + entity))
                .header("Authorization", admin())
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(CompanyStore.resource("/dsr/telecom-shop.custodia.yml")))
                .build());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        ObjectNode activity = json.createObjectNode()
                .put("entity", entity)
                .put("name", "Online orders")
                .put("status", "active")
                .put("controllerContact", "Shop SA, 1 rue de la Paix, 75002 Paris")
                .put("dpoContact", "dpo@example.test");
        activity.putArray("purposes").addObject().put("key", "service.billing").put("legalBasis", "contract");
        activity.putArray("dataCategories").add("user.contact").add("user.account.customer_number");
        activity.putArray("subjectTypes").add("customer");
        activity.putObject("retention").put("period", "P5Y").put("trigger", "end of contract");
        activity.putArray("securityMeasures").add("Encryption at rest");
        activity.putObject("explanation")
                .put("en", "We use your contact details to deliver and bill your orders.")
                .put("fr", "Nous utilisons vos coordonnées pour livrer et facturer vos commandes.");
        activity.putObject("customerValue").put("en", "Your orders delivered.").put("fr", "Vos commandes livrées.");
        HttpResponse<String> declared = post("/api/v1/activities", admin(), activity.toString());
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    }

    @Test
    void access_packagesExactlyTheCustomersReachableRecords_withTheirCategories() throws SQLException {
        // Customer 30 has a shipping address, a second card, an older request made before becoming a customer.
        String email = text("SELECT email FROM customer WHERE id = 30");
        Map<String, Map<String, String>> before = snapshot();

        String id = file(dpo(), request("access", entity, "email", email, "call_center"))
                .get("id")
                .asString();
        JsonNode done = awaitStatus(id, "completed");

        assertThat(done.get("packageUrl").asString()).isEqualTo("/api/v1/requests/" + id + "/package");
        HttpResponse<String> answer = get("/api/v1/requests/" + id + "/package", dpo());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        // The customer's whole data: for those who handle requests only, and every read on the record.
        assertThat(get("/api/v1/requests/" + id + "/package", basic("auditor", DEMO_PASSWORD))
                        .statusCode())
                .isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'request.package_read' and object_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
        JsonNode document = parse(answer);
        Map<String, Set<String>> found = new TreeMap<>();
        for (JsonNode collection : document.get("records")) {
            Set<String> ids = found.computeIfAbsent(collection.get("collection").asString(), name -> new HashSet<>());
            for (JsonNode row : collection.get("records")) {
                ids.add(
                        row.has("id")
                                ? row.get("id").get("value").asString()
                                : row.get("order_id").get("value").asString() + "/"
                                        + row.get("line_no").get("value").asString());
            }
        }
        assertThat(found.get("customer")).containsExactly("30");
        assertThat(found.get("address")).isEqualTo(strings("SELECT id FROM address WHERE customer_id = 30"));
        assertThat(found.get("payment_card")).containsExactlyInAnyOrder("30", "530");
        assertThat(found.get("subscription")).containsExactly("30");
        assertThat(found.get("orders")).isEqualTo(strings("SELECT id FROM orders WHERE customer_id = 30"));
        assertThat(found.get("order_item"))
                .isEqualTo(strings("SELECT i.order_id || '/' || i.line_no FROM order_item i"
                        + " JOIN orders o ON o.id = i.order_id WHERE o.customer_id = 30"));
        assertThat(found.get("login")).isEqualTo(strings("SELECT id FROM login WHERE customer_id = 30"));
        assertThat(found.get("visit")).isEqualTo(strings("SELECT id FROM visit WHERE email = '" + email + "'"));
        assertThat(found.get("service_request")).containsExactlyInAnyOrder("30", "1030");
        // Every field carries its data categories, and the register explains them.
        JsonNode customer = document.get("records")
                .valueStream()
                .filter(collection -> collection.get("collection").asString().equals("customer"))
                .findFirst()
                .orElseThrow()
                .get("records")
                .get(0);
        assertThat(customer.get("email").get("value").asString()).isEqualTo(email);
        assertThat(customer.get("email").get("dataCategories").get(0).asString())
                .isEqualTo("user.contact.email");
        assertThat(document.get("dataCategories").valueStream().map(category -> category.get("key")
                        .asString()))
                .contains("user.contact.email");
        JsonNode emailCategory = document.get("dataCategories")
                .valueStream()
                .filter(category -> category.get("key").asString().equals("user.contact.email"))
                .findFirst()
                .orElseThrow();
        assertThat(emailCategory.get("purposes").get(0).get("purpose").asString())
                .isEqualTo("service.billing");
        assertThat(emailCategory.get("purposes").get(0).get("legalBasis").asString())
                .isEqualTo("contract");
        // The page for a person, in their language.
        HttpResponse<String> page = get("/api/v1/requests/" + id + "/package?format=html", dpo());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains(email).contains("We use your contact details to deliver and bill");
        // Reading changed nothing in the store.
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void thePackage_isDeletedOnceItsTimeIsOver() throws SQLException {
        String email = text("SELECT email FROM customer WHERE id = 31");
        String id = file(dpo(), request("portability", entity, "email", email, "app"))
                .get("id")
                .asString();
        JsonNode done = awaitStatus(id, "completed");
        Instant expiresAt = Instant.parse(done.get("packageExpiresAt").asString());
        assertThat(expiresAt).isAfter(Instant.now().plus(Duration.ofDays(29)));

        // The pass runs with the clock moved: a day before the expiry nothing goes, after it the package goes.
        packages.purgeExpired(expiresAt.minus(Duration.ofDays(1)));
        assertThat(get("/api/v1/requests/" + id + "/package", dpo()).statusCode())
                .isEqualTo(200);
        assertThat(packages.purgeExpired(expiresAt.plusSeconds(1))).isPositive();

        assertThat(get("/api/v1/requests/" + id + "/package", dpo()).statusCode())
                .isEqualTo(404);
        JsonNode after = get(id);
        assertThat(after.has("packageUrl")).isFalse();
        assertThat(after.get("timeline").valueStream().map(event -> event.get("kind")
                        .asString()))
                .contains("package_deleted");
    }

    @Test
    void erasure_changesExactlyTheMappedRows_shredsTheSubject_andTheEngineAnswersErased() throws SQLException {
        String email = text("SELECT email FROM customer WHERE id = 90");
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("customer", Set.of("90"));
        expected.put("address", strings("SELECT id FROM address WHERE customer_id = 90"));
        expected.put("payment_card", strings("SELECT id FROM payment_card WHERE customer_id = 90"));
        expected.put("subscription", strings("SELECT id FROM subscription WHERE customer_id = 90"));
        expected.put("orders", strings("SELECT id FROM orders WHERE customer_id = 90"));
        expected.put("login", strings("SELECT id FROM login WHERE customer_id = 90"));
        expected.put("visit", strings("SELECT id FROM visit WHERE email = '" + email + "'"));
        expected.put(
                "service_request",
                strings("SELECT id FROM service_request WHERE customer_id = 90 OR contact_email = '" + email + "'"));
        Map<String, Map<String, String>> before = snapshot();
        // The engine allows the use before the erasure.
        file(dpo(), request("objection", entity, "email", email, "call_center"));
        assertThat(awaitDecision(entity, "email", email, "service.billing", "ALLOW"))
                .isEqualTo("ALLOW");

        String id = file(dpo(), request("erasure", entity, "email", email, "call_center"))
                .get("id")
                .asString();
        JsonNode done = awaitStatus(id, "completed");

        Map<String, Map<String, String>> after = snapshot();
        for (String table : TABLES.keySet()) {
            Map<String, String> rowsBefore = java.util.Objects.requireNonNull(before.get(table));
            Map<String, String> rowsAfter = java.util.Objects.requireNonNull(after.get(table));
            assertThat(rowsAfter.keySet()).as("rows added to %s", table).isSubsetOf(rowsBefore.keySet());
            assertThat(changed(rowsBefore, rowsAfter))
                    .as("rows of %s changed", table)
                    .isEqualTo(expected.getOrDefault(table, Set.of()));
        }
        JsonNode erase = done.get("tasks")
                .valueStream()
                .filter(task -> task.get("step").asString().equals("erase"))
                .findFirst()
                .orElseThrow();
        assertThat(erase.get("system").asString()).isEqualTo("shop-db");
        // 1 line, 3 orders, 2 cards, 2 addresses, 5 logins, 2 requests, the customer, 4 visits.
        assertThat(erase.get("rowsChanged").asLong()).isEqualTo(20);
        assertThat(done.get("timeline").valueStream().map(event -> event.get("kind")
                        .asString()))
                .containsSubsequence("received", "verified", "planned", "task_done", "erased", "completed");
        assertThat(awaitDecision(entity, "email", email, "service.billing", "subject_erased"))
                .isEqualTo("subject_erased");

        // A second run of the erasure changes nothing.
        SystemTarget shop = connectors.systems(entity).stream()
                .filter(system -> system.key().equals("shop-db"))
                .findFirst()
                .orElseThrow();
        StepOutcome again = connectors.erase(shop, Identities.of("email", email), id);
        assertThat(again.rowsChanged()).isZero();
        assertThat(snapshot()).isEqualTo(after);
    }

    @Test
    void restriction_flagsTheSubject_andTheEngineAnswersRestricted() throws SQLException {
        String email = text("SELECT email FROM customer WHERE id = 42");
        Map<String, Map<String, String>> before = snapshot();

        String id = file(dpo(), request("restriction", entity, "email", email, "store"))
                .get("id")
                .asString();
        JsonNode done = awaitStatus(id, "completed");

        assertThat(done.get("timeline").valueStream().map(event -> event.get("kind")
                        .asString()))
                .contains("restricted");
        assertThat(awaitDecision(entity, "email", email, "service.billing", "restricted"))
                .isEqualTo("restricted");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** The keys of the rows that differ or are gone. */
    static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> changed = new HashSet<>();
        before.forEach((key, row) -> {
            if (!row.equals(after.get(key))) {
                changed.add(key);
            }
        });
        return changed;
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (String table : List.of(
                "product",
                "customer",
                "address",
                "payment_card",
                "subscription",
                "orders",
                "login",
                "visit",
                "service_request")) {
            tables.put(table, "id::text");
        }
        tables.put("order_item", "order_id || '/' || line_no");
        return tables;
    }

    /** Every row of every table of the shop, by table and key, as text. */
    private Map<String, Map<String, String>> snapshot() throws SQLException {
        Map<String, Map<String, String>> snapshot = new LinkedHashMap<>();
        try (Connection connection = shop().getConnection()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                Map<String, String> rows = new TreeMap<>();
                try (PreparedStatement statement = connection.prepareStatement(
                                "SELECT " + table.getValue() + ", t::text FROM " + table.getKey() + " t");
                        ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.put(result.getString(1), result.getString(2));
                    }
                }
                snapshot.put(table.getKey(), rows);
            }
        }
        return snapshot;
    }

    private DataSource shop() {
        return STORE.database(database);
    }

    private String text(String sql) throws SQLException {
        return StoreQueries.text(shop(), sql);
    }

    private Set<String> strings(String sql) throws SQLException {
        return StoreQueries.strings(shop(), sql);
    }
}
