package io.custodia.server.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.server.CompanyStore;
import io.custodia.server.CustodiaTest;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Connections to a company's PostgreSQL store and their datasets, over the real API, and the steps of requests run
 * through the facade against the telecom shop in a second embedded PostgreSQL. Steps that commit run in a database of
 * this class's own, so that other tests see the shop as loaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorsJdbcTests extends CustodiaTest {
    @RegisterExtension
    static final CompanyStore STORE = new CompanyStore();

    private static final String PASSWORD = "store-password-never-shown-42";
    private static final String YAML = "application/yaml";

    @Autowired
    Connectors connectors;

    @Autowired
    JdbcClient custodia;

    @Autowired
    StaffDirectory directory;

    private String entity;
    private String database;
    private String jdbcUrl;

    @BeforeAll
    void shop() {
        entity = createEntity('J', "Connectors JDBC");
        database = "shop_" + UUID.randomUUID().toString().substring(0, 8);
        jdbcUrl = STORE.createDatabase(database);
        assertThat(post("/api/v1/connections", admin(), store("shop-db", jdbcUrl))
                        .statusCode())
                .isEqualTo(201);
        var registered = postYaml(
                "/api/v1/datasets?connection=shop-db&entity=" + entity,
                CompanyStore.resource("/dsr/telecom-shop.custodia.yml"));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    }

    @Test
    void newConnection_keepsThePasswordEncrypted_andNeverAnswersIt() {
        var created = post("/api/v1/connections", admin(), store("secret-check", jdbcUrl));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode view = parse(created);
        assertThat(view.path("credentialsStored").asBoolean()).isTrue();
        assertThat(view.path("type").asString()).isEqualTo("postgres");

        assertThat(created.body()).doesNotContain(PASSWORD);
        assertThat(get("/api/v1/connections", admin()).body())
                .contains("secret-check")
                .doesNotContain(PASSWORD);
        assertThat(get("/api/v1/connections/secret-check?entity=" + entity, admin())
                        .body())
                .doesNotContain(PASSWORD);

        byte[] secret = custodia.sql("select secret from connection where entity_code = ? and key = 'secret-check'")
                .params(entity)
                .query((rs, row) -> rs.getBytes(1))
                .single();
        String asText = new String(secret, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(PASSWORD);
        assertThat(secret.length).isEqualTo(12 + PASSWORD.length() + 16);
        String row = custodia.sql("select c::text from connection c where entity_code = ? and key = 'secret-check'")
                .params(entity)
                .query(String.class)
                .single();
        assertThat(row).doesNotContain(PASSWORD);
    }

    @Test
    void invalidConnection_namesEveryBadField_andStoresNothing() {
        long before = custodia.sql("select count(*) from connection")
                .query(Long.class)
                .single();

        var response = post(
                "/api/v1/connections",
                admin(),
                "{\"entity\":\"" + entity + "\",\"type\":\"postgres\",\"key\":\"Bad Key\","
                        + "\"jdbcUrl\":\"jdbc:mysql://x/y\",\"secret\":\"not-for-stores-at-all\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("key", "name", "jdbcUrl", "user", "secret");
        assertThat(custodia.sql("select count(*) from connection")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void passwordInTheJdbcUrl_isRefused() {
        var response = post(
                "/api/v1/connections",
                admin(),
                "{\"entity\":\"" + entity + "\",\"type\":\"postgres\",\"key\":\"leaky\",\"name\":\"Leaky\","
                        + "\"user\":\"u\",\"jdbcUrl\":\"jdbc:postgresql://x/y?password=oops\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("oops");
        assertThat(parse(response).path("errors").findValuesAsString("field")).containsExactly("jdbcUrl");
    }

    @Test
    void sameKeyTwice_isAConflict() {
        var response = post("/api/v1/connections", admin(), store("shop-db", jdbcUrl));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    }

    @Test
    void staffOfAnotherEntity_neitherSeesNorReachesTheConnection() {
        String other = createEntity('J', "Connectors other");
        String username = "conn-" + UUID.randomUUID().toString().substring(0, 8);
        directory.create(username, "Other DPO", PASSWORD, Set.of(Role.DPO), false, List.of(other));
        String outsider = basic(username, PASSWORD);

        assertThat(get("/api/v1/connections", outsider).body()).doesNotContain("shop-db");
        assertThat(get("/api/v1/connections/shop-db?entity=" + entity, outsider).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/connections/shop-db", outsider).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/datasets?source=connections", outsider).body()).doesNotContain("telecom_shop");
        assertThat(get("/api/v1/datasets?connection=shop-db&entity=" + entity, outsider)
                        .statusCode())
                .isEqualTo(404);
        assertThat(postYaml(
                                "/api/v1/datasets?connection=shop-db&entity=" + entity,
                                CompanyStore.resource("/dsr/telecom-shop.custodia.yml"),
                                outsider)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/connections", outsider, store("intruder", jdbcUrl))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void datasetSummary_countsCollectionsFieldsAndIdentities() {
        JsonNode summary = parse(get("/api/v1/datasets?source=connections", admin()))
                .valueStream()
                .filter(dataset -> dataset.path("entity").asString().equals(entity))
                .filter(dataset -> dataset.path("connection").asString().equals("shop-db"))
                .findFirst()
                .orElseThrow();
        assertThat(summary.path("dataset").asString()).isEqualTo("telecom_shop");
        assertThat(summary.path("connection").asString()).isEqualTo("shop-db");
        assertThat(summary.path("collections").asInt()).isEqualTo(10);
        assertThat(summary.path("identities").valueStream().map(JsonNode::asString))
                .containsExactly("customer_id", "email", "phone");
        assertThat(parse(get("/api/v1/connections/shop-db?entity=" + entity, admin()))
                        .path("dataset")
                        .asString())
                .isEqualTo("telecom_shop");
    }

    @Test
    void fideslangDataset_isImported() {
        assertThat(post("/api/v1/connections", admin(), store("fides-db", jdbcUrl))
                        .statusCode())
                .isEqualTo(201);

        var response = postYaml(
                "/api/v1/datasets?format=fideslang&connection=fides-db&entity=" + entity,
                CompanyStore.resource("/dsr/telecom-shop.fides.yml").replace("telecom_shop", "telecom_shop_fides"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(parse(response).path("format").asString()).isEqualTo("fideslang");
        assertThat(parse(response).path("collections").asInt()).isEqualTo(10);
    }

    @Test
    void unknownDataCategory_isRefused_namingItsPlace() {
        assertThat(post("/api/v1/connections", admin(), store("typo-db", jdbcUrl))
                        .statusCode())
                .isEqualTo(201);

        var response = postYaml("/api/v1/datasets?connection=typo-db&entity=" + entity, """
                format: custodia-dataset/1
                dataset:
                  - key: typo
                    name: Typo
                    collections:
                      - name: customer
                        fields:
                          - {name: id, data_categories: [system.operations], primary_key: true}
                          - {name: email, data_categories: [user.contact.emial], identity: email}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response).path("errors").findValuesAsString("field"))
                .containsExactly("typo.customer.email.data_categories[0]");
        assertThat(parse(get("/api/v1/connections/typo-db?entity=" + entity, admin()))
                        .path("dataset")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void collectionWithPersonalDataThatNothingReaches_isRefusedAtRegistration() {
        assertThat(post("/api/v1/connections", admin(), store("island-db", jdbcUrl))
                        .statusCode())
                .isEqualTo(201);

        var response = postYaml("/api/v1/datasets?connection=island-db&entity=" + entity, """
                format: custodia-dataset/1
                dataset:
                  - key: island
                    name: Island
                    collections:
                      - name: customer
                        fields:
                          - {name: id, data_categories: [system.operations], primary_key: true}
                          - {name: email, data_categories: [user.contact.email], identity: email}
                      - name: visit
                        fields:
                          - {name: ip_address, data_categories: [user.device.ip_address]}
                      - name: product
                        fields:
                          - {name: id, data_categories: [system.operations], primary_key: true}
                """);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response).path("errors").findValuesAsString("field")).containsExactly("island.visit");
    }

    @Test
    void collect_findsEveryRecordOfTheCustomer_withDataCategories() throws SQLException {
        String email = (String) single("SELECT email FROM customer WHERE id = 30");

        StepOutcome outcome = connectors.collect(shopDb(), Identities.of("email", email), "req-collect");

        assertThat(outcome.status()).isEqualTo(StepStatus.DONE);
        CollectedRecords records = java.util.Objects.requireNonNull(outcome.records());
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        records.collections()
                .forEach(collection ->
                        counts.put(collection.collection(), collection.rows().size()));
        assertThat(counts)
                .containsEntry("customer", 1)
                .containsEntry("address", 2)
                .containsEntry("payment_card", 2)
                .containsEntry("login", 5)
                .containsEntry("visit", 4)
                .containsEntry("service_request", 2);
        CollectionRecords customer = records.collections().stream()
                .filter(collection -> collection.collection().equals("customer"))
                .findFirst()
                .orElseThrow();
        assertThat(customer.dataset()).isEqualTo("telecom_shop");
        assertThat(customer.rows().get(0).get("email")).isEqualTo(new FieldValue(email, List.of("user.contact.email")));
    }

    @Test
    void erase_changesTheCustomersRows_andASecondRunChangesNothing() throws SQLException {
        String email = (String) single("SELECT email FROM customer WHERE id = 90");
        String phone = (String) single("SELECT msisdn FROM subscription WHERE id = 90");
        Identities who = new Identities(Map.of("email", List.of(email), "phone", List.of(phone)));

        StepOutcome first = connectors.erase(shopDb(), who, "req-erase-1");
        StepOutcome second = connectors.erase(shopDb(), who, "req-erase-2");

        // 1 line, 3 orders, 2 cards, 2 addresses, 5 logins, 2 requests, the customer, 4 visits.
        assertThat(first.rowsChanged()).isEqualTo(20);
        assertThat(second.status()).isEqualTo(StepStatus.DONE);
        assertThat(second.rowsChanged()).isZero();
        assertThat(single("SELECT count(*) FROM customer WHERE id = 90")).isEqualTo(0L);
        // The line stays (kept five years) and still answers to its number, without its holder.
        assertThat(single("SELECT customer_id IS NULL FROM subscription WHERE id = 90"))
                .isEqualTo(true);
        assertThat(java.util.Objects.requireNonNull(
                                connectors.collect(shopDb(), who, "req-after").records())
                        .collections())
                .extracting(CollectionRecords::collection)
                .doesNotContain("customer", "address", "payment_card", "login", "visit", "service_request");
    }

    @Test
    void rectify_setsTheFieldsOfTheCategory_once() throws SQLException {
        String email = (String) single("SELECT email FROM customer WHERE id = 31");
        Identities who = Identities.of("email", email);
        long cards = (Long) single("SELECT count(*) FROM payment_card WHERE customer_id = 31");

        StepOutcome first = connectors.rectify(shopDb(), who, Map.of("user.name", "Camille Martin"), "req-rect-1");
        StepOutcome second = connectors.rectify(shopDb(), who, Map.of("user.name", "Camille Martin"), "req-rect-2");

        assertThat(first.rowsChanged()).isEqualTo(1 + cards);
        assertThat(second.rowsChanged()).isZero();
        assertThat(single("SELECT first_name || '/' || last_name FROM customer WHERE id = 31"))
                .isEqualTo("Camille Martin/Camille Martin");
    }

    @Test
    void restrict_onAStore_isDoneWithoutChange() {
        StepOutcome outcome = connectors.restrict(shopDb(), Identities.of("email", "x@example.org"), "req-restrict");

        assertThat(outcome.status()).isEqualTo(StepStatus.DONE);
        assertThat(outcome.rowsChanged()).isZero();
    }

    @Test
    void unreachableStore_isUnavailable_andRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(post(
                                "/api/v1/connections",
                                admin(),
                                store("gone-db", "jdbc:postgresql://127.0.0.1:" + closedPort + "/shop"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(postYaml(
                                "/api/v1/datasets?connection=gone-db&entity=" + entity,
                                CompanyStore.resource("/dsr/telecom-shop.custodia.yml")
                                        .replace("key: telecom_shop", "key: telecom_shop_gone"))
                        .statusCode())
                .isEqualTo(200);
        SystemTarget gone = target("gone-db");

        assertThatThrownBy(() -> connectors.collect(gone, Identities.of("email", "a@b.c"), "req-gone"))
                .isInstanceOf(ConnectorUnavailableException.class)
                .hasMessageNotContaining("a@b.c");
    }

    @Test
    void mysqlStore_isReachedThroughTheMariaDbDriver_andUnavailableWhenDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String body = json.createObjectNode()
                .put("entity", entity)
                .put("key", "legacy-mysql")
                .put("type", "mysql")
                .put("name", "Legacy shop")
                .put("jdbcUrl", "jdbc:mysql://127.0.0.1:" + closedPort + "/shop")
                .put("schema", "shop")
                .put("user", "custodia")
                .put("password", PASSWORD)
                .toString();
        assertThat(post("/api/v1/connections", admin(), body).statusCode()).isEqualTo(201);
        assertThat(postYaml(
                                "/api/v1/datasets?connection=legacy-mysql&entity=" + entity,
                                CompanyStore.resource("/dsr/telecom-shop.custodia.yml")
                                        .replace("key: telecom_shop", "key: telecom_shop_mysql"))
                        .statusCode())
                .isEqualTo(200);

        assertThatThrownBy(
                        () -> connectors.collect(target("legacy-mysql"), Identities.of("email", "a@b.c"), "req-mysql"))
                .isInstanceOf(ConnectorUnavailableException.class);
    }

    @Test
    void disabledConnection_isNoLongerASystem_andItsStepsFail() {
        assertThat(post("/api/v1/connections", admin(), store("old-db", jdbcUrl))
                        .statusCode())
                .isEqualTo(201);
        SystemTarget old = target("old-db");

        var disabled = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/connections/old-db?entity=" + entity))
                .header("Authorization", admin())
                .DELETE()
                .build());

        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(parse(disabled).path("enabled").asBoolean()).isFalse();
        assertThat(connectors.systems(entity)).extracting(SystemTarget::key).doesNotContain("old-db");
        assertThatThrownBy(() -> connectors.collect(old, Identities.of("email", "a@b.c"), "req-old"))
                .isInstanceOf(ConnectorFailedException.class);
    }

    @Test
    void manualSystem_isListed_butItsStepsAreForAPerson() {
        var created = post(
                "/api/v1/connections",
                admin(),
                "{\"entity\":\"" + entity + "\",\"type\":\"manual\",\"key\":\"paper-files\",\"name\":\"Paper files\","
                        + "\"instructions\":\"Shred the customer's folder in the Lyon archive.\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        SystemTarget paper = target("paper-files");

        assertThat(paper.type()).isEqualTo(SystemType.MANUAL);
        assertThat(paper.instructions()).startsWith("Shred");
        assertThatThrownBy(() -> connectors.erase(paper, Identities.of("email", "a@b.c"), "req-paper"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private SystemTarget target(String key) {
        return connectors.systems(entity).stream()
                .filter(system -> system.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private SystemTarget shopDb() {
        return target("shop-db");
    }

    private String store(String key, String url) {
        return json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("type", "postgres")
                .put("name", "Shop " + key.toUpperCase(Locale.ROOT))
                .put("jdbcUrl", url)
                .put("user", "postgres")
                .put("password", PASSWORD)
                .toString();
    }

    private java.net.http.HttpResponse<String> postYaml(String path, String yaml) {
        return postYaml(path, yaml, admin());
    }

    private java.net.http.HttpResponse<String> postYaml(String path, String yaml, String authorization) {
        return send(java.net.http.HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .header("Content-Type", YAML)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(yaml))
                .build());
    }

    private Object single(String sql) throws SQLException {
        DataSource shop = STORE.database(database);
        List<Object> values = new ArrayList<>();
        try (Connection connection = shop.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                values.add(result.getObject(1));
            }
        }
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }
}
