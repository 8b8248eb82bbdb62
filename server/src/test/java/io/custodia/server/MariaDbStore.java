package io.custodia.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A company's own store in MySQL's dialect, for tests of data-subject requests against MySQL and MariaDB: a MariaDB
 * server started from the machine's installation ({@code mariadbd} and {@code mariadb-install-db}, Debian package
 * {@code mariadb-server}), holding the telecom shop in the database {@code shop}.
 *
 * <p>The tables are {@code dsr/telecom-shop-schema.mysql.sql}; the rows are copied over JDBC, table by table in the
 * order of the foreign keys, from the PostgreSQL {@link CompanyStore}, so that both stores hold the same rows and the
 * data are generated in one place only.
 *
 * <p>Register it with {@code @RegisterExtension static final MariaDbStore MARIADB = new MariaDbStore(STORE);} beside
 * the company store it copies. The server starts once per JVM, on first use, in a temporary directory on a free port
 * of 127.0.0.1, and stops when the JVM's tests are done. Tests whose steps commit create a database of their own with
 * {@link #createDatabase}. A machine without MariaDB fails these tests with a message that names the package: they
 * are not skipped.
 */
public final class MariaDbStore implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MariaDbStore.class);

    /** The user the connectors reach the store as: it may read and change rows, not tables. */
    public static final String USER = "custodia";

    /** The password of {@link #USER}. */
    public static final String PASSWORD = "mariadb-store-password-17";

    /** The shop's tables in the order their foreign keys allow rows to be inserted. */
    public static final List<String> TABLES = List.of(
            "product",
            "customer",
            "address",
            "payment_card",
            "subscription",
            "orders",
            "order_item",
            "login",
            "visit",
            "service_request");

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int BATCH = 500;

    private final CompanyStore source;
    private volatile @Nullable Running running;

    /** @param source the PostgreSQL store whose rows this store copies */
    public MariaDbStore(CompanyStore source) {
        this.source = source;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        source.beforeAll(context);
        running = context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Running.class, type -> Running.start(source.dataSource()), Running.class);
    }

    /** The database {@code shop}, as loaded, for the user {@code root}. */
    public DataSource dataSource() {
        return database("shop");
    }

    /**
     * A new database in the server, named {@code name}, holding the telecom shop as loaded (copied from {@code shop}),
     * which {@link #USER} may read and change.
     *
     * @return its JDBC URL in MySQL's form ({@code jdbc:mysql://127.0.0.1:port/name}), without user or password
     */
    public String createDatabase(String name) {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a database name: " + name);
        }
        Running server = running();
        try (Connection connection = server.root("");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            statement.execute("USE " + name);
            statement.execute(CompanyStore.resource("/dsr/telecom-shop-schema.mysql.sql"));
            for (String table : TABLES) {
                statement.execute("INSERT INTO " + name + "." + table + " SELECT * FROM shop." + table);
            }
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + name + ".* TO '" + USER + "'@'127.0.0.1'");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return "jdbc:mysql://127.0.0.1:" + server.port() + "/" + name;
    }

    /** A database of the server, for the user {@code root}. */
    public DataSource database(String name) {
        return new DriverManagerDataSource(running().url(name), "root", "");
    }

    private Running running() {
        Running started = running;
        if (started == null) {
            throw new IllegalStateException("The MariaDB store starts before the test class's tests");
        }
        return started;
    }

    /** The running server; the root context's store stops it when every test is done. */
    record Running(Process process, Path directory, int port) implements AutoCloseable {
        static Running start(DataSource postgres) {
            Path installDb = executable("mariadb-install-db");
            Path mariadbd = executable("mariadbd");
            String user = System.getProperty("user.name");
            Path directory;
            try {
                directory = Files.createTempDirectory("custodia-mariadb");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path data = directory.resolve("data");
            run(
                    directory.resolve("install.log"),
                    installDb.toString(),
                    "--no-defaults",
                    "--datadir=" + data,
                    "--user=" + user,
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db");
            int port = freePort();
            Process process;
            try {
                process = new ProcessBuilder(
                                mariadbd.toString(),
                                "--no-defaults",
                                "--datadir=" + data,
                                "--socket=" + directory.resolve("sock"),
                                "--pid-file=" + directory.resolve("mariadbd.pid"),
                                "--log-error=" + directory.resolve("error.log"),
                                "--tmpdir=" + directory,
                                "--port=" + port,
                                "--bind-address=127.0.0.1",
                                "--user=" + user,
                                "--skip-name-resolve",
                                "--character-set-server=utf8mb4",
                                "--innodb-buffer-pool-size=64M",
                                "--innodb-flush-log-at-trx-commit=0")
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("mariadbd.out").toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + mariadbd, e);
            }
            Running running = new Running(process, directory, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "mariadb-store-stop"));
            try {
                running.awaitReady();
                running.load(postgres);
                return running;
            } catch (RuntimeException e) {
                running.close();
                throw e;
            }
        }

        String url(String database) {
            return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
        }

        Connection root(String database) throws SQLException {
            return DriverManager.getConnection(url(database) + "?allowMultiQueries=true", "root", "");
        }

        private void awaitReady() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            SQLException last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mariadbd stopped at start: " + log("error.log"));
                }
                try (Connection connection = root("")) {
                    if (connection.isValid(5)) {
                        return;
                    }
                } catch (SQLException e) {
                    last = e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for mariadbd", e);
                }
            }
            throw new IllegalStateException("mariadbd does not answer on port " + port + ": " + log("error.log"), last);
        }

        /** The database {@code shop}: the schema, the user of the connectors, and the rows of the PostgreSQL store. */
        private void load(DataSource postgres) {
            try (Connection target = root("");
                    Statement statement = target.createStatement()) {
                statement.execute("CREATE DATABASE shop CHARACTER SET utf8mb4");
                statement.execute("USE shop");
                statement.execute(CompanyStore.resource("/dsr/telecom-shop-schema.mysql.sql"));
                statement.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
                statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO '" + USER + "'@'127.0.0.1'");
                try (Connection from = postgres.getConnection()) {
                    target.setAutoCommit(false);
                    for (String table : TABLES) {
                        copy(from, target, table);
                    }
                    target.commit();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot load the MariaDB store", e);
            }
        }

        private static void copy(Connection from, Connection to, String table) throws SQLException {
            try (Statement read = from.createStatement();
                    ResultSet rows = read.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData columns = rows.getMetaData();
                int count = columns.getColumnCount();
                List<String> names = new ArrayList<>();
                for (int column = 1; column <= count; column++) {
                    names.add(columns.getColumnName(column));
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", Collections.nCopies(count, "?")) + ")";
                try (PreparedStatement write = to.prepareStatement(insert)) {
                    int pending = 0;
                    while (rows.next()) {
                        for (int column = 1; column <= count; column++) {
                            write.setObject(column, value(rows, column, columns.getColumnType(column)));
                        }
                        write.addBatch();
                        if (++pending == BATCH) {
                            write.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        write.executeBatch();
                    }
                }
            }
        }

        /** A value as the same instant on the wall clock in both stores: dates and times without any time zone. */
        private static @Nullable Object value(ResultSet rows, int column, int type) throws SQLException {
            return switch (type) {
                case Types.TIMESTAMP -> rows.getObject(column, LocalDateTime.class);
                case Types.DATE -> rows.getObject(column, LocalDate.class);
                default -> rows.getObject(column);
            };
        }

        private String log(String name) {
            try {
                return Files.readString(directory.resolve(name), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no " + name + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind harms nothing.
            }
        }

        private static void run(Path log, String... command) {
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command[0] + " did not finish within 180 seconds");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(
                            command[0] + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + command[0], e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + command[0], e);
            }
        }

        /** The program, from the PATH or the system directories where the Debian package installs it. */
        private static Path executable(String name) {
            List<String> directories = new ArrayList<>();
            String path = System.getenv("PATH");
            if (path != null) {
                directories.addAll(List.of(path.split(File.pathSeparator)));
            }
            directories.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
            Optional<Path> found = directories.stream()
                    .filter(directory -> !directory.isEmpty())
                    .map(directory -> Path.of(directory, name))
                    .filter(Files::isExecutable)
                    .findFirst();
            return found.orElseThrow(
                    () -> new IllegalStateException("The MySQL store tests start a MariaDB server, and "
                            + name + " is not installed: install the package mariadb-server (Debian and Ubuntu: apt-get"
                            + " install mariadb-server); the CI script .ci/run installs it"));
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free port for mariadbd", e);
            }
        }
    }
}
