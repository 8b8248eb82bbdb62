package io.custodia.bench.dsr;

import io.custodia.core.dataset.Dataset;
import io.custodia.core.dataset.DatasetFiles;
import io.custodia.core.dataset.DatasetGraph;
import io.custodia.core.dataset.EraseStep;
import io.custodia.core.dataset.FoundRecords;
import io.custodia.core.dataset.IdentityScheme;
import io.custodia.core.dataset.Masking;
import io.custodia.core.dataset.SqlDialect;
import io.custodia.core.dataset.SqlPlan;
import io.custodia.core.dataset.SqlStatement;
import io.custodia.core.dataset.TraversalPlan;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Exports and erases one customer at a time in a store of five tables holding ten million rows in all, as the
 * connectors feature does it: the traversal plan of the store's dataset, written as SQL by {@link SqlPlan}, run over
 * JDBC; the erasure children first in one transaction.
 *
 * <p>The store is a separate embedded PostgreSQL in {@code target/dsr-bench} (its own data folder, a random port),
 * loaded with {@code generate_series} on first use and kept for the next runs. Its indexes are those a DBA would
 * give it: primary keys, an index on every foreign key, and a unique index on the e-mail address that requests look
 * customers up by.
 *
 * <p>Tables: customer 1,000,000 rows; address 1,000,000; orders 3,000,000; order_line 4,000,000; login 1,000,000.
 * Each customer has one address, three orders of four lines on average, and one login. Orders are kept for the tax
 * man (their customer and address are set to null); the rest is deleted.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.custodia.bench.dsr.DsrBench [subjects]}; prints the time
 * of each export and erasure, then their median and maximum. Each run erases other customers (chosen from the run's
 * start time), so runs can follow each other on the same store.
 */
public final class DsrBench {
    private static final int CUSTOMERS = 1_000_000;

    private static final String DATASET = """
            format: custodia-dataset/1
            dataset:
              - key: bench_shop
                name: Bench shop
                collections:
                  - name: customer
                    erasure: delete_row
                    fields:
                      - {name: id, data_categories: [user.account.customer_number], primary_key: true, data_type: integer}
                      - {name: email, data_categories: [user.contact.email], identity: email, data_type: string}
                      - {name: full_name, data_categories: [user.name]}
                      - {name: phone, data_categories: [user.contact.phone_number]}
                      - {name: created_at, data_categories: [system.operations]}
                  - name: address
                    erasure: delete_row
                    fields:
                      - {name: id, data_categories: [system.operations], primary_key: true, data_type: integer}
                      - name: customer_id
                        data_categories: [user.account.customer_number]
                        data_type: integer
                        references: [{collection: customer, field: id, direction: from}]
                      - {name: street, data_categories: [user.contact.address]}
                      - {name: city, data_categories: [user.contact.address]}
                  - name: orders
                    erasure: {keep: {reason: Invoices are kept ten years., retention: P10Y}}
                    fields:
                      - {name: id, data_categories: [system.operations], primary_key: true, data_type: integer}
                      - name: customer_id
                        data_categories: [user.account.customer_number]
                        data_type: integer
                        references: [{collection: customer, field: id, direction: from}]
                        erasure: set_null
                      - name: address_id
                        data_categories: [user.contact.address]
                        data_type: integer
                        references: [{collection: address, field: id, direction: to}]
                        erasure: set_null
                      - {name: total, data_categories: [user.financial.purchase_history]}
                  - name: order_line
                    erasure: {keep: {reason: Invoices are kept ten years., retention: P10Y}}
                    fields:
                      - {name: id, data_categories: [system.operations], primary_key: true, data_type: integer}
                      - name: order_id
                        data_categories: [system.operations]
                        data_type: integer
                        references: [{collection: orders, field: id, direction: from}]
                      - {name: product, data_categories: [user.financial.purchase_history]}
                      - {name: amount, data_categories: [user.financial.purchase_history]}
                  - name: login
                    erasure: delete_row
                    fields:
                      - {name: id, data_categories: [system.operations], primary_key: true, data_type: integer}
                      - name: customer_id
                        data_categories: [user.account.customer_number]
                        data_type: integer
                        references: [{collection: customer, field: id, direction: from}]
                      - {name: ip_address, data_categories: [user.device.ip_address]}
                      - {name: at, data_categories: [system.operations]}
            """;

    private static final String SCHEMA = """
            CREATE TABLE customer (id integer PRIMARY KEY, email text NOT NULL, full_name text, phone text,
                                   created_at timestamp NOT NULL);
            CREATE TABLE address (id integer PRIMARY KEY, customer_id integer REFERENCES customer (id),
                                  street text, city text);
            CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customer (id),
                                 address_id integer REFERENCES address (id), total numeric(10, 2));
            CREATE TABLE order_line (id integer PRIMARY KEY, order_id integer NOT NULL REFERENCES orders (id),
                                     product text, amount numeric(10, 2));
            CREATE TABLE login (id integer PRIMARY KEY, customer_id integer REFERENCES customer (id),
                                ip_address text, at timestamp);
            INSERT INTO customer SELECT g, 'customer' || g || '@example.org', 'Customer ' || g,
                '+3360' || lpad(g::text, 7, '0'), timestamp '2020-01-01' + g * interval '1 minute'
                FROM generate_series(1, 1000000) g;
            INSERT INTO address SELECT g, g, g || ' rue de la Paix', 'Paris' FROM generate_series(1, 1000000) g;
            INSERT INTO orders SELECT g, (g - 1) % 1000000 + 1, (g - 1) % 1000000 + 1, (g % 997) + 0.99
                FROM generate_series(1, 3000000) g;
            INSERT INTO order_line SELECT g, (g - 1) % 3000000 + 1, 'product ' || (g % 500), (g % 89) + 0.5
                FROM generate_series(1, 4000000) g;
            INSERT INTO login SELECT g, g, '192.0.2.' || (g % 250), timestamp '2024-01-01' + g * interval '1 second'
                FROM generate_series(1, 1000000) g;
            CREATE UNIQUE INDEX customer_email ON customer (email);
            CREATE INDEX address_customer ON address (customer_id);
            CREATE INDEX orders_customer ON orders (customer_id);
            CREATE INDEX orders_address ON orders (address_id);
            CREATE INDEX order_line_order ON order_line (order_id);
            CREATE INDEX login_customer ON login (customer_id);
            """;

    private DsrBench() {}

    public static void main(String[] args) throws Exception {
        int subjects = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path folder = Path.of("target", "dsr-bench").toAbsolutePath();
        Files.createDirectories(folder);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(folder.resolve("data"))
                .setCleanDataDirectory(false)
                .setServerConfig("shared_buffers", "256MB")
                .start()) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                load(connection);
                run(connection, subjects);
            }
        }
    }

    private static void load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'login'")) {
            tables.next();
            if (tables.getLong(1) > 0) {
                System.out.println("store: loaded before, reused");
                return;
            }
        }
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
            // Alone: VACUUM cannot run in the implicit transaction of a multi-statement string.
            statement.execute("VACUUM ANALYZE");
        }
        System.out.printf("store: 10,000,000 rows and indexes loaded in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void run(Connection connection, int subjects) throws SQLException {
        Dataset dataset = DatasetFiles.readCustodia(DATASET).datasets().get(0);
        TraversalPlan plan = DatasetGraph.of(List.of(dataset)).plan(Set.of(IdentityScheme.EMAIL));
        SqlPlan sql = SqlPlan.of(SqlDialect.POSTGRESQL, null);
        Masking masking =
                Masking.of("a keyed-hash key of 32 bytes, ok".getBytes(StandardCharsets.US_ASCII), new SecureRandom());
        int first = (int) (System.currentTimeMillis() / 1000 % (CUSTOMERS - 10 * subjects)) + 1;
        double[] exports = new double[subjects];
        double[] erasures = new double[subjects];
        for (int index = 0; index < subjects; index++) {
            // Spread over the table, so that each subject's rows are cold in the cache like a real request's.
            int customer = (first + index * 49_999) % CUSTOMERS + 1;
            Map<IdentityScheme, List<String>> who =
                    Map.of(IdentityScheme.EMAIL, List.of("customer" + customer + "@example.org"));

            long start = System.nanoTime();
            FoundRecords exported = find(connection, sql, plan, who);
            exports[index] = (System.nanoTime() - start) / 1e6;

            start = System.nanoTime();
            connection.setAutoCommit(false);
            FoundRecords found = find(connection, sql, plan, who);
            long changed = 0;
            for (EraseStep step : plan.erasures()) {
                for (SqlStatement statement : sql.erase(step, found.rows(step.address()), masking)) {
                    changed += update(connection, statement);
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            erasures[index] = (System.nanoTime() - start) / 1e6;
            System.out.printf(
                    "customer %7d: export %3d rows %7.1f ms, erase %3d rows %7.1f ms%n",
                    customer, exported.count(), exports[index], changed, erasures[index]);
        }
        System.out.printf("export: median %.1f ms, max %.1f ms%n", median(exports), max(exports));
        System.out.printf("erase:  median %.1f ms, max %.1f ms%n", median(erasures), max(erasures));
    }

    private static FoundRecords find(
            Connection connection, SqlPlan sql, TraversalPlan plan, Map<IdentityScheme, List<String>> who) {
        return FoundRecords.find(plan, who, (step, records) -> {
            List<Map<String, @Nullable Object>> rows = new ArrayList<>();
            for (SqlStatement statement : sql.select(step, records::values)) {
                try (PreparedStatement prepared = prepare(connection, statement);
                        ResultSet result = prepared.executeQuery()) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        Map<String, @Nullable Object> row = new LinkedHashMap<>();
                        for (int column = 1; column <= columns.getColumnCount(); column++) {
                            row.put(columns.getColumnLabel(column), result.getObject(column));
                        }
                        rows.add(row);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return rows;
        });
    }

    private static int update(Connection connection, SqlStatement statement) throws SQLException {
        try (PreparedStatement prepared = prepare(connection, statement)) {
            return prepared.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, SqlStatement statement) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        for (int index = 0; index < statement.parameters().size(); index++) {
            prepared.setObject(index + 1, statement.parameters().get(index));
        }
        return prepared;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
