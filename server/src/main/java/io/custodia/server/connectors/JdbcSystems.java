package io.custodia.server.connectors;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.custodia.core.dataset.CollectionAddress;
import io.custodia.core.dataset.Dataset;
import io.custodia.core.dataset.DatasetCollection;
import io.custodia.core.dataset.DatasetField;
import io.custodia.core.dataset.DatasetGraph;
import io.custodia.core.dataset.EraseStep;
import io.custodia.core.dataset.EraseStep.FieldReplacement;
import io.custodia.core.dataset.ErasureStrategy;
import io.custodia.core.dataset.FoundRecords;
import io.custodia.core.dataset.IdentityScheme;
import io.custodia.core.dataset.Masking;
import io.custodia.core.dataset.ReadStep;
import io.custodia.core.dataset.SqlDialect;
import io.custodia.core.dataset.SqlPlan;
import io.custodia.core.dataset.SqlStatement;
import io.custodia.core.dataset.TraversalPlan;
import io.custodia.core.taxonomy.TermKey;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The steps of a request carried out in a company's store over JDBC, from the store's registered dataset: the plan
 * of reads and erasures of {@link DatasetGraph}, written as SQL by {@link SqlPlan}.
 *
 * <p>Each store gets a small pool of its own (two connections, none kept idle), created on first use and closed when
 * its connection is disabled or the server stops. Every statement has a timeout of {@value #STATEMENT_TIMEOUT_SECONDS}
 * seconds. An erasure or a rectification runs in one transaction per store: it reads the person's rows and changes
 * them in that transaction, and either all of it is committed or nothing is.
 *
 * <p><b>Idempotency.</b> A second erasure of the same person changes nothing. Deleted rows are gone; rewritten rows
 * are reached again only through a field the erasure kept (a kept phone number, for instance), and then a field is
 * rewritten again only when it is not yet in its erased form: null for {@code set_null}, 64 hexadecimal characters for
 * {@code hash} and {@code keyed_hash}. A row whose other rewritten fields are all erased is left alone, its {@code
 * random} fields with it. Keyed hashes are under one key kept in the Custodia home, so a value hashed twice in two
 * requests is the same value.
 *
 * <p>Failures: a store that cannot be reached, a connection that times out and a statement cancelled by its timeout
 * throw {@link ConnectorUnavailableException}; any other SQL error (a missing table, a refused constraint) throws
 * {@link ConnectorFailedException}. Thread-safe.
 */
@Component
class JdbcSystems implements DisposableBean {
    static final int STATEMENT_TIMEOUT_SECONDS = 30;
    private static final int POOL_SIZE = 2;
    private static final Pattern DIGEST = Pattern.compile("^[0-9a-f]{64}$");

    private final Map<Long, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final ConnectorKeys keys;
    private final SecureRandom random = new SecureRandom();

    JdbcSystems(ConnectorKeys keys) {
        this.keys = keys;
    }

    /** Access: every record the dataset reaches from the identities, in read order, with each field's categories. */
    CollectedRecords collect(
            Connection connection, Supplier<Optional<String>> password, Dataset dataset, Identities who) {
        Map<IdentityScheme, List<String>> identifiers = identifiers(who);
        TraversalPlan plan = DatasetGraph.of(List.of(dataset)).plan(identifiers.keySet());
        SqlPlan sql = sqlPlan(connection);
        try (java.sql.Connection jdbc = pool(connection, password).getConnection()) {
            jdbc.setReadOnly(true);
            FoundRecords found = find(jdbc, sql, plan, identifiers);
            return collected(connection.key(), plan, found);
        } catch (SQLException e) {
            throw failure(connection, "read", e);
        }
    }

    /** Erasure: every reachable record erased by its strategies, children first, in one transaction. */
    long erase(Connection connection, Supplier<Optional<String>> password, Dataset dataset, Identities who) {
        Map<IdentityScheme, List<String>> identifiers = identifiers(who);
        TraversalPlan plan = DatasetGraph.of(List.of(dataset)).plan(identifiers.keySet());
        SqlPlan sql = sqlPlan(connection);
        Masking masking = Masking.of(keys.erasureHashKey(), random);
        return inTransaction(connection, password, "erase", jdbc -> {
            FoundRecords found = find(jdbc, sql, plan, identifiers);
            long changed = 0;
            for (EraseStep step : plan.erasures()) {
                for (var group : stillToErase(step, found.rows(step.address())).entrySet()) {
                    changed += JdbcStatements.update(
                            jdbc, sql.erase(group.getKey(), group.getValue(), masking), STATEMENT_TIMEOUT_SECONDS);
                }
            }
            return changed;
        });
    }

    /**
     * Rectification: in every reachable row of a collection with a primary key, the fields holding one of the given
     * data categories get the new value, when they do not hold it already.
     */
    long rectify(
            Connection connection,
            Supplier<Optional<String>> password,
            Dataset dataset,
            Identities who,
            Map<String, String> newValuesByDataCategory) {
        Map<IdentityScheme, List<String>> identifiers = identifiers(who);
        TraversalPlan plan = DatasetGraph.of(List.of(dataset)).plan(identifiers.keySet());
        SqlPlan sql = sqlPlan(connection);
        SqlDialect dialect = dialect(connection);
        return inTransaction(connection, password, "rectify", jdbc -> {
            FoundRecords found = find(jdbc, sql, plan, identifiers);
            List<SqlStatement> updates = new ArrayList<>();
            for (ReadStep step : plan.reads()) {
                DatasetCollection collection = step.collection();
                List<DatasetField> key = collection.primaryKey();
                if (key.isEmpty()) {
                    continue;
                }
                for (Map<String, @Nullable Object> row : found.rows(step.address())) {
                    List<String> sets = new ArrayList<>();
                    List<@Nullable Object> parameters = new ArrayList<>();
                    for (DatasetField field : collection.fields()) {
                        String value = newValue(field, newValuesByDataCategory);
                        if (value == null || field.primaryKey()) {
                            continue;
                        }
                        Object current = row.get(field.name());
                        Object converted = convert(value, current, step.address(), field);
                        if (!Objects.equals(converted, current)) {
                            sets.add(dialect.quote(field.name()) + " = ?");
                            parameters.add(converted);
                        }
                    }
                    if (sets.isEmpty()) {
                        continue;
                    }
                    key.forEach(field -> parameters.add(row.get(field.name())));
                    updates.add(new SqlStatement(
                            "UPDATE " + table(connection, dialect, collection) + " SET " + String.join(", ", sets)
                                    + " WHERE "
                                    + key.stream()
                                            .map(field -> dialect.quote(field.name()) + " = ?")
                                            .collect(Collectors.joining(" AND ")),
                            parameters));
                }
            }
            return JdbcStatements.update(jdbc, updates, STATEMENT_TIMEOUT_SECONDS);
        });
    }

    /** Closes the pool of a connection, if it has one; the next use opens a new one. */
    void close(long connectionId) {
        HikariDataSource pool = pools.remove(connectionId);
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void destroy() {
        List.copyOf(pools.keySet()).forEach(this::close);
    }

    private DataSource pool(Connection connection, Supplier<Optional<String>> password) {
        return pools.computeIfAbsent(connection.id(), id -> {
            HikariConfig config = new HikariConfig();
            config.setPoolName("connector-" + connection.entity() + "-" + connection.key());
            config.setJdbcUrl(jdbcUrl(connection));
            config.setUsername(connection.username());
            password.get().ifPresent(config::setPassword);
            config.setMaximumPoolSize(POOL_SIZE);
            config.setMinimumIdle(0);
            config.setIdleTimeout(60_000);
            config.setConnectionTimeout(10_000);
            // Created without a first connection: an unreachable store fails the step, not the pool's creation.
            config.setInitializationFailTimeout(-1);
            return new HikariDataSource(config);
        });
    }

    /**
     * The URL the driver is given: a {@code jdbc:mysql:} URL goes to the MariaDB driver, which speaks to MySQL too but
     * answers only to its own scheme by default.
     */
    static String jdbcUrl(Connection connection) {
        String url = Objects.requireNonNull(connection.url(), "a store connection has a JDBC URL");
        if (connection.type() == SystemType.MYSQL && url.startsWith("jdbc:mysql:")) {
            return "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
        }
        return url;
    }

    private interface Work {
        long run(java.sql.Connection jdbc) throws SQLException;
    }

    private long inTransaction(Connection connection, Supplier<Optional<String>> password, String what, Work work) {
        try (java.sql.Connection jdbc = pool(connection, password).getConnection()) {
            jdbc.setAutoCommit(false);
            try {
                long changed = work.run(jdbc);
                jdbc.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                jdbc.rollback();
                throw e;
            } finally {
                jdbc.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(connection, what, e);
        }
    }

    private static FoundRecords find(
            java.sql.Connection jdbc, SqlPlan sql, TraversalPlan plan, Map<IdentityScheme, List<String>> identifiers)
            throws SQLException {
        try {
            return FoundRecords.find(plan, identifiers, (step, records) -> {
                try {
                    return JdbcStatements.query(jdbc, sql.select(step, records::values), STATEMENT_TIMEOUT_SECONDS);
                } catch (SQLException e) {
                    throw new ReadFailed(e);
                }
            });
        } catch (ReadFailed e) {
            throw e.sqlException();
        }
    }

    /** Carries a read's SQLException out of the traversal's callback. */
    private static final class ReadFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailed(SQLException cause) {
            super(cause);
        }

        SQLException sqlException() {
            return (SQLException) Objects.requireNonNull(getCause());
        }
    }

    /**
     * The rows of an erase step that still need it, grouped by the rewrite they need: a DELETE takes every row, a
     * rewrite only the fields not yet in their erased form (see the class comment).
     */
    private static Map<EraseStep, List<Map<String, @Nullable Object>>> stillToErase(
            EraseStep step, List<Map<String, @Nullable Object>> rows) {
        Map<EraseStep, List<Map<String, @Nullable Object>>> groups = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            return groups;
        }
        if (!(step instanceof EraseStep.RewriteFields rewrite)) {
            groups.put(step, rows);
            return groups;
        }
        for (Map<String, @Nullable Object> row : rows) {
            List<FieldReplacement> pending = new ArrayList<>();
            boolean checkable = false;
            for (FieldReplacement replacement : rewrite.replacements()) {
                if (replacement.strategy() instanceof ErasureStrategy.RandomReplacement) {
                    continue;
                }
                checkable = true;
                if (!erased(replacement.strategy(), row.get(replacement.field()))) {
                    pending.add(replacement);
                }
            }
            if (checkable && pending.isEmpty()) {
                continue;
            }
            if (!pending.isEmpty() || !checkable) {
                // The random fields go with the row's first rewrite; after it the row is recognised as erased.
                rewrite.replacements().stream()
                        .filter(replacement -> replacement.strategy() instanceof ErasureStrategy.RandomReplacement)
                        .forEach(pending::add);
            }
            EraseStep needed = new EraseStep.RewriteFields(
                    rewrite.address(), rewrite.collection(), inOrder(rewrite, pending), rewrite.kept());
            groups.computeIfAbsent(needed, key -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    private static List<FieldReplacement> inOrder(EraseStep.RewriteFields rewrite, List<FieldReplacement> subset) {
        return rewrite.replacements().stream().filter(subset::contains).toList();
    }

    private static boolean erased(ErasureStrategy strategy, @Nullable Object value) {
        if (value == null) {
            return true;
        }
        return (strategy instanceof ErasureStrategy.Hash || strategy instanceof ErasureStrategy.KeyedHash)
                && value instanceof String text
                && DIGEST.matcher(text).matches();
    }

    private static @Nullable String newValue(DatasetField field, Map<String, String> newValuesByDataCategory) {
        for (TermKey category : field.dataCategories()) {
            String value = newValuesByDataCategory.get(category.value());
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The new value as the type of the value the store holds, so that the driver binds it to the column's type. */
    private static Object convert(
            String value, @Nullable Object current, CollectionAddress address, DatasetField field) {
        try {
            if (current instanceof Integer) {
                return Integer.valueOf(value.strip());
            }
            if (current instanceof Long) {
                return Long.valueOf(value.strip());
            }
            if (current instanceof Short) {
                return Short.valueOf(value.strip());
            }
            if (current instanceof BigDecimal) {
                return new BigDecimal(value.strip());
            }
            if (current instanceof Double) {
                return Double.valueOf(value.strip());
            }
            if (current instanceof Boolean) {
                return Boolean.valueOf(value.strip());
            }
            if (current instanceof LocalDate) {
                return LocalDate.parse(value.strip());
            }
            if (current instanceof LocalDateTime) {
                return LocalDateTime.parse(value.strip());
            }
            return value;
        } catch (RuntimeException e) {
            throw new ConnectorFailedException("The new value for " + address + "." + field.name() + " is not a "
                    + Objects.requireNonNull(current).getClass().getSimpleName());
        }
    }

    private static CollectedRecords collected(String system, TraversalPlan plan, FoundRecords found) {
        List<CollectionRecords> collections = new ArrayList<>();
        for (ReadStep step : plan.reads()) {
            List<Map<String, @Nullable Object>> rows = found.rows(step.address());
            if (rows.isEmpty()) {
                continue;
            }
            Map<String, List<String>> categories = new LinkedHashMap<>();
            for (DatasetField field : step.collection().fields()) {
                categories.put(
                        field.name(),
                        field.dataCategories().stream().map(TermKey::value).toList());
            }
            List<Map<String, FieldValue>> records = new ArrayList<>();
            for (Map<String, @Nullable Object> row : rows) {
                Map<String, FieldValue> record = new LinkedHashMap<>();
                row.forEach((name, value) ->
                        record.put(name, new FieldValue(value, categories.getOrDefault(name, List.of()))));
                records.add(record);
            }
            collections.add(new CollectionRecords(
                    step.address().dataset(), step.address().collection(), records));
        }
        return new CollectedRecords(system, collections);
    }

    /** The request's identifiers of the schemes datasets know; others are left aside. */
    static Map<IdentityScheme, List<String>> identifiers(Identities who) {
        Map<IdentityScheme, List<String>> identifiers = new LinkedHashMap<>();
        who.values().forEach((scheme, values) -> IdentityScheme.of(scheme).ifPresent(known -> {
            List<String> present =
                    values.stream().filter(value -> !value.isBlank()).toList();
            if (!present.isEmpty()) {
                identifiers.put(known, present);
            }
        }));
        return identifiers;
    }

    private static SqlDialect dialect(Connection connection) {
        return connection.type() == SystemType.MYSQL ? SqlDialect.MYSQL : SqlDialect.POSTGRESQL;
    }

    private static SqlPlan sqlPlan(Connection connection) {
        return SqlPlan.of(dialect(connection), connection.schema());
    }

    private static String table(Connection connection, SqlDialect dialect, DatasetCollection collection) {
        return (connection.schema() == null ? "" : dialect.quote(connection.schema()) + ".")
                + dialect.quote(collection.name());
    }

    private static RuntimeException failure(Connection connection, String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "Cannot " + what + " in " + connection.key() + " (SQL state " + state + ")";
        if (e instanceof SQLTransientConnectionException
                || e instanceof SQLTimeoutException
                || state.startsWith("08")
                || "57014".equals(state)
                || "57P01".equals(state)) {
            return new ConnectorUnavailableException(message, e);
        }
        return new ConnectorFailedException(message, e);
    }
}
