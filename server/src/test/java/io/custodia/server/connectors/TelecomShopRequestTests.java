package io.custodia.server.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.dataset.CollectionAddress;
import io.custodia.core.dataset.Dataset;
import io.custodia.core.dataset.DatasetFiles;
import io.custodia.core.dataset.DatasetGraph;
import io.custodia.core.dataset.EraseStep;
import io.custodia.core.dataset.FoundRecords;
import io.custodia.core.dataset.IdentityScheme;
import io.custodia.core.dataset.Masking;
import io.custodia.core.dataset.SqlDialect;
import io.custodia.core.dataset.SqlPlan;
import io.custodia.core.dataset.TraversalPlan;
import io.custodia.server.CompanyStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Plans of data-subject requests carried out over JDBC against a real store of the company, a second PostgreSQL
 * holding the telecom shop: the plan made from the shop's Custodia dataset file finds exactly the rows that
 * hand-written SQL says are the customer's, and its erasure passes the store's foreign keys.
 *
 * <p>The expected rows come from SQL written for this schema by hand, independent of the dataset file.
 */
class TelecomShopRequestTests {
    @RegisterExtension
    static final CompanyStore STORE = new CompanyStore();

    private static final Dataset SHOP = DatasetFiles.readCustodia(
                    CompanyStore.resource("/dsr/telecom-shop.custodia.yml"))
            .datasets()
            .get(0);
    private static final DatasetGraph GRAPH = DatasetGraph.of(List.of(SHOP));
    private static final SqlPlan SQL = SqlPlan.of(SqlDialect.POSTGRESQL, "public");
    private static final byte[] KEY = "a 32-byte keyed-hash key, tests!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theStore_holdsThousandsOfRows() throws SQLException {
        assertThat((Long) single("SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM address)"
                        + " + (SELECT count(*) FROM payment_card) + (SELECT count(*) FROM subscription)"
                        + " + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_item)"
                        + " + (SELECT count(*) FROM login) + (SELECT count(*) FROM visit)"
                        + " + (SELECT count(*) FROM service_request) + (SELECT count(*) FROM product)"))
                .isGreaterThan(10_000L);
    }

    @Test
    void accessByEmail_findsEveryRecordOfTheCustomer_andNoOneElses() throws SQLException {
        // Customer 30 has a shipping address, a second card, an older request made before becoming a customer.
        String email = (String) single("SELECT email FROM customer WHERE id = 30");

        FoundRecords found = find(Set.of(IdentityScheme.EMAIL), Map.of(IdentityScheme.EMAIL, List.of(email)));

        assertThat(ids(found, "customer")).containsExactlyInAnyOrder(30);
        assertThat(ids(found, "address"))
                .containsExactlyInAnyOrderElementsOf(ints("SELECT id FROM address WHERE customer_id = 30"));
        assertThat(ids(found, "address")).hasSize(2);
        assertThat(ids(found, "payment_card")).containsExactlyInAnyOrder(30, 530);
        assertThat(ids(found, "subscription")).containsExactlyInAnyOrder(30);
        assertThat(ids(found, "orders"))
                .containsExactlyInAnyOrderElementsOf(ints("SELECT id FROM orders WHERE customer_id = 30"));
        assertThat(found.rows(address("order_item")))
                .extracting(row -> row.get("order_id") + "/" + row.get("line_no"))
                .containsExactlyInAnyOrderElementsOf(strings("SELECT i.order_id || '/' || i.line_no FROM order_item i"
                        + " JOIN orders o ON o.id = i.order_id WHERE o.customer_id = 30"));
        assertThat(ids(found, "login"))
                .hasSize(5)
                .containsExactlyInAnyOrderElementsOf(longs("SELECT id FROM login WHERE customer_id = 30"));
        assertThat(found.rows(address("visit"))).hasSize(4).allSatisfy(row -> assertThat(row.get("email"))
                .isEqualTo(email));
        assertThat(ids(found, "service_request")).containsExactlyInAnyOrder(30, 1030);
        assertThat(ids(found, "product"))
                .containsExactlyInAnyOrderElementsOf(ints("SELECT DISTINCT i.product_id FROM order_item i"
                        + " JOIN orders o ON o.id = i.order_id WHERE o.customer_id = 30"
                        + " UNION SELECT plan_product_id FROM subscription WHERE customer_id = 30"));
    }

    @Test
    void accessByPhone_findsTheCustomerThroughTheirLine_andTheirOtherLine() throws SQLException {
        // Customer 42 has two lines; the request gives the number of the first.
        String msisdn = (String) single("SELECT msisdn FROM subscription WHERE id = 42");

        FoundRecords found = find(Set.of(IdentityScheme.PHONE), Map.of(IdentityScheme.PHONE, List.of(msisdn)));

        assertThat(ids(found, "subscription")).containsExactlyInAnyOrder(42, 542);
        assertThat(ids(found, "customer")).containsExactly(42);
        assertThat(ids(found, "orders"))
                .containsExactlyInAnyOrderElementsOf(ints("SELECT id FROM orders WHERE customer_id = 42"));
        assertThat(ids(found, "service_request")).containsExactly(42);
        // Web visits are keyed by e-mail, which a phone number does not reach.
        assertThat(found.rows(address("visit"))).isEmpty();
    }

    @Test
    void accessOfSomeoneUnknown_findsNothing() throws SQLException {
        FoundRecords found = find(
                EnumSet.allOf(IdentityScheme.class),
                Map.of(
                        IdentityScheme.EMAIL,
                        List.of("nobody@example.org"),
                        IdentityScheme.PHONE,
                        List.of("+33600000000")));

        assertThat(found.count()).isZero();
    }

    @Test
    void erasure_deletesAndRewritesTheCustomersRecords_childrenFirst_andKeepsWhatTheLawKeeps() throws SQLException {
        TraversalPlan plan = GRAPH.plan(Set.of(IdentityScheme.EMAIL));
        try (Connection connection = STORE.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                String email = (String) single(connection, "SELECT email FROM customer WHERE id = 90");
                long customersBefore = (Long) single(connection, "SELECT count(*) FROM customer");
                long otherVisits =
                        (Long) single(connection, "SELECT count(*) FROM visit WHERE email <> '" + email + "'");
                long notesBefore =
                        (Long) single(connection, "SELECT count(*) FROM service_request WHERE notes IS NOT NULL");
                long addressesBefore = (Long) single(connection, "SELECT count(*) FROM address");
                FoundRecords found = FoundRecords.find(
                        plan,
                        Map.of(IdentityScheme.EMAIL, List.of(email)),
                        (step, records) ->
                                rows(() -> JdbcStatements.query(connection, SQL.select(step, records::values), 30)));

                Masking masking = Masking.of(KEY, new SecureRandom());
                long changed = 0;
                for (EraseStep step : plan.erasures()) {
                    changed +=
                            JdbcStatements.update(connection, SQL.erase(step, found.rows(step.address()), masking), 30);
                }

                // 1 line, 3 orders, 2 cards, 2 addresses, 5 logins, 2 requests, the customer, 4 visits; no foreign key
                // refused a statement.
                assertThat(changed).isEqualTo(20L);
                assertThat(single(connection, "SELECT count(*) FROM customer")).isEqualTo(customersBefore - 1);
                for (String table : List.of(
                        "customer WHERE id",
                        "address WHERE customer_id",
                        "payment_card WHERE customer_id",
                        "login WHERE customer_id")) {
                    assertThat(single(connection, "SELECT count(*) FROM " + table + " = 90"))
                            .as(table)
                            .isEqualTo(0L);
                }
                // Orders and their lines stay for the tax man, no longer pointing at the customer, card or address.
                assertThat(single(
                                connection,
                                "SELECT count(*) FROM orders WHERE id BETWEEN 268 AND 270"
                                        + " AND customer_id IS NULL AND shipping_address_id IS NULL AND payment_card_id IS NULL"
                                        + " AND total > 0"))
                        .isEqualTo(3L);
                assertThat(single(connection, "SELECT count(*) FROM order_item WHERE order_id BETWEEN 268 AND 270"))
                        .isNotEqualTo(0L);
                // The line stays, kept five years, without its holder.
                assertThat(single(
                                connection,
                                "SELECT customer_id IS NULL AND msisdn LIKE '+336%' FROM subscription WHERE id = 90"))
                        .isEqualTo(true);
                // Visits are pseudonymous: the e-mail a keyed hash, the IP address gone, pages and times kept.
                String hashed = Masking.hmacSha256Hex(KEY, email);
                assertThat(single(
                                connection,
                                "SELECT count(*) FROM visit WHERE email = '" + hashed + "'"
                                        + " AND ip_address IS NULL AND page IS NOT NULL"))
                        .isEqualTo(4L);
                assertThat(single(connection, "SELECT count(*) FROM visit WHERE email <> '" + hashed + "'"))
                        .isEqualTo(otherVisits);
                // Requests to customer care: contact details replaced, notes gone, dates and topics kept.
                assertThat(strings(
                                connection,
                                "SELECT contact_email || ' ' || coalesce(contact_phone, '-') || ' '"
                                        + " || coalesce(notes, '-') || ' ' || (customer_id IS NULL) FROM service_request"
                                        + " WHERE id IN (90, 1090) ORDER BY id"))
                        .satisfiesExactly(
                                first -> assertThat(first).matches("^" + hashed + " \\+[1-9][0-9]{10} - true$"),
                                older -> assertThat(older).isEqualTo(hashed + " - - true"));
                // Nobody else's records changed.
                assertThat(single(connection, "SELECT count(*) FROM service_request WHERE notes IS NOT NULL"))
                        .isEqualTo(notesBefore - 2);
                assertThat(single(connection, "SELECT count(*) FROM orders WHERE customer_id IS NULL"))
                        .isEqualTo(3L);
                assertThat(single(connection, "SELECT count(*) FROM address")).isEqualTo(addressesBefore - 2);
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void erasingParentsBeforeChildren_isRefusedByTheStoresForeignKeys() throws SQLException {
        // The store's foreign keys are real: the order the plan chose is what lets the erasure pass.
        TraversalPlan plan = GRAPH.plan(Set.of(IdentityScheme.EMAIL));
        List<EraseStep> parentsFirst = new ArrayList<>(plan.erasures());
        java.util.Collections.reverse(parentsFirst);
        try (Connection connection = STORE.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                String email = (String) single(connection, "SELECT email FROM customer WHERE id = 60");
                FoundRecords found = FoundRecords.find(
                        plan,
                        Map.of(IdentityScheme.EMAIL, List.of(email)),
                        (step, records) ->
                                rows(() -> JdbcStatements.query(connection, SQL.select(step, records::values), 30)));
                Masking masking = Masking.of(KEY, new SecureRandom());

                assertThatThrownBy(() -> {
                            for (EraseStep step : parentsFirst) {
                                JdbcStatements.update(
                                        connection, SQL.erase(step, found.rows(step.address()), masking), 30);
                            }
                        })
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                                .isEqualTo("23503"));
            } finally {
                connection.rollback();
            }
        }
    }

    private static FoundRecords find(Set<IdentityScheme> schemes, Map<IdentityScheme, List<String>> identifiers)
            throws SQLException {
        TraversalPlan plan = GRAPH.plan(schemes);
        try (Connection connection = STORE.dataSource().getConnection()) {
            return FoundRecords.find(
                    plan,
                    identifiers,
                    (step, records) ->
                            rows(() -> JdbcStatements.query(connection, SQL.select(step, records::values), 30)));
        }
    }

    /** Lets a lambda that must not throw checked exceptions read rows. */
    private static List<Map<String, Object>> rows(Rows rows) {
        try {
            return rows.get();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Rows {
        List<Map<String, Object>> get() throws SQLException;
    }

    private static CollectionAddress address(String collection) {
        return new CollectionAddress("telecom_shop", collection);
    }

    private static List<Object> ids(FoundRecords found, String collection) {
        return found.rows(address(collection)).stream()
                .map(row -> row.get("id"))
                .toList();
    }

    private static Object single(String sql) throws SQLException {
        try (Connection connection = STORE.dataSource().getConnection()) {
            return single(connection, sql);
        }
    }

    private static Object single(Connection connection, String sql) throws SQLException {
        List<Object> values = column(connection, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    private static List<Object> ints(String sql) throws SQLException {
        try (Connection connection = STORE.dataSource().getConnection()) {
            return column(connection, sql);
        }
    }

    private static List<Object> longs(String sql) throws SQLException {
        return ints(sql);
    }

    private static List<String> strings(String sql) throws SQLException {
        return ints(sql).stream().map(String::valueOf).toList();
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        return column(connection, sql).stream().map(String::valueOf).toList();
    }

    private static List<Object> column(Connection connection, String sql) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                values.add(result.getObject(1));
            }
        }
        return values;
    }
}
