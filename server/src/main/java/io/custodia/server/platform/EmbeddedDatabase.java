package io.custodia.server.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded PostgreSQL server, when Custodia runs one; closing it stops the server. */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final long SHUTDOWN_SECONDS = 30;

    private final @Nullable EmbeddedPostgres postgres;

    EmbeddedDatabase(@Nullable EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase none() {
        return new EmbeddedDatabase(null);
    }

    /**
     * Stops a PostgreSQL server left running on the data directory by a Custodia process that did not shut down.
     *
     * <p>The embedded PostgreSQL is a separate process ({@code pg_ctl} starts it detached), so when the Custodia
     * JVM is killed (SIGKILL, out-of-memory killer, power to the container cut short) the server goes on running
     * with its lock file {@code postmaster.pid} in place, and the next start cannot get the data directory: it
     * fails. Everything committed is in that server's write-ahead log, so stopping it cleanly loses nothing. The
     * process the lock file names is stopped only if it is alive, is a {@code postgres} executable, and the lock
     * file names our data directory; it gets SIGTERM (a smart shutdown: its sessions died with the old JVM, so it
     * exits at once after a checkpoint). A stale lock file of a process that is gone is left to PostgreSQL, which
     * ignores it.
     *
     * @throws IOException if the leftover server does not stop in time
     */
    static void stopLeftover(Path dataDirectory) throws IOException {
        Path lockFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(lockFile)) {
            return;
        }
        List<String> lines;
        long pid;
        try {
            lines = Files.readAllLines(lockFile);
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring an unreadable PostgreSQL lock file {}: {}", lockFile, e.toString());
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle postgres = leftover.get();
        boolean isPostgres = postgres.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(false);
        boolean ourData = lines.size() > 1 && sameDirectory(Path.of(lines.get(1).trim()), dataDirectory);
        if (!isPostgres || !ourData) {
            return;
        }
        log.warn(
                "A PostgreSQL server (PID {}) left running by a Custodia process that did not shut down still holds"
                        + " {}; stopping it",
                pid,
                dataDirectory);
        postgres.destroy();
        try {
            postgres.onExit().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException | CompletionException e) {
            throw new IOException(
                    "The PostgreSQL server left running on " + dataDirectory + " (PID " + pid + ") did not stop within "
                            + SHUTDOWN_SECONDS + " s; stop it and start Custodia again",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the PostgreSQL server left on " + dataDirectory, e);
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    String jdbcUrl() {
        if (postgres == null) {
            throw new IllegalStateException("No embedded PostgreSQL runs: an external database is configured");
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
