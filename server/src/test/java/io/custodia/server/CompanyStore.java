package io.custodia.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A company's own store, for tests of data-subject requests: a second embedded PostgreSQL, apart from Custodia's
 * own, holding the telecom shop's tables and rows ({@code dsr/telecom-shop-schema.sql} and {@code
 * dsr/telecom-shop-data.sql}).
 *
 * <p>Register it with {@code @RegisterExtension static final CompanyStore STORE = new CompanyStore();}. The server
 * starts once per JVM, on first use, in a temporary directory, and stops when the JVM's tests are done. Tests that
 * change rows do so in a transaction they roll back, so that every test sees the rows as loaded.
 */
public final class CompanyStore implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CompanyStore.class);

    private volatile @Nullable Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Running.class, type -> Running.start(), Running.class);
    }

    /** The store's database, as the company's systems would reach it. */
    public DataSource dataSource() {
        return running().postgres().getPostgresDatabase();
    }

    private Running running() {
        Running started = running;
        if (started == null) {
            throw new IllegalStateException("The company store starts before the test class's tests");
        }
        return started;
    }

    /**
     * A new database in the store's server, named {@code name}, holding the telecom shop as loaded: for tests whose
     * steps commit, such as erasures through the connectors, so that the rows every other test sees stay as loaded.
     *
     * @return its JDBC URL, for the user {@code postgres} (any password)
     */
    public String createDatabase(String name) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        DataSource database = running().postgres().getDatabase("postgres", name);
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(resource("/dsr/telecom-shop-schema.sql"));
            statement.execute(resource("/dsr/telecom-shop-data.sql"));
            statement.execute("ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load database " + name, e);
        }
        return running().postgres().getJdbcUrl("postgres", name);
    }

    /** A database that {@link #createDatabase} created. */
    public DataSource database(String name) {
        return running().postgres().getDatabase("postgres", name);
    }

    /** The running server; the root context's store closes it when every test is done. */
    record Running(EmbeddedPostgres postgres) implements AutoCloseable {
        static Running start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
                try (Connection connection = postgres.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute(resource("/dsr/telecom-shop-schema.sql"));
                    statement.execute(resource("/dsr/telecom-shop-data.sql"));
                    statement.execute("ANALYZE");
                }
                return new Running(postgres);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the company store", e);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot load the company store", e);
            }
        }

        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }

    public static String resource(String name) {
        try (InputStream in = CompanyStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
