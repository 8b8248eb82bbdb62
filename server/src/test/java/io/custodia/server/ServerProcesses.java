package io.custodia.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Custodia servers in child JVMs on one home folder, for the tests that kill a server with {@code kill -9} in the
 * middle of its work and start another on the same data: each server is the real application on the test's class
 * path, writing its output to {@code <home>/<name>.log}. {@link #close()} kills what is left, the embedded
 * PostgreSQL that outlives a killed server included.
 */
public final class ServerProcesses implements AutoCloseable {
    /** How long a server may take to start. */
    public static final Duration STARTUP = Duration.ofMinutes(2);

    private final Path home;
    private final List<Process> servers = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param home the Custodia home folder the servers share */
    public ServerProcesses(Path home) {
        this.home = home;
    }

    /**
     * Starts a server on the home folder.
     *
     * @param name the server's name, which its log file takes
     * @param arguments more Spring Boot arguments, such as {@code --custodia.demo=true}
     */
    public Process start(String name, int port, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.custodia.server.CustodiaApplication",
                "--server.port=" + port,
                "--custodia.home=" + home.toAbsolutePath()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile())
                .start();
        servers.add(process);
        return process;
    }

    /** Waits until the named server's log holds a line. */
    public void awaitLog(String name, String line) {
        await(STARTUP, () -> {
            try {
                return Files.exists(log(name)) && Files.readString(log(name)).contains(line);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits until the server on this port answers its health check with {@code UP}. */
    public void awaitHealthy(int port) {
        await(STARTUP, () -> {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 && response.body().contains("\"UP\"");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /**
     * Waits until the condition holds.
     *
     * @throws AssertionError with the servers' last log lines, when the last server started exits or time runs out
     */
    public void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            Process last = servers.get(servers.size() - 1);
            if (!last.isAlive()) {
                throw new AssertionError("The server exited with " + last.exitValue() + "; see its log:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + "; server log:\n" + tail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A connection to the servers' embedded PostgreSQL, as its owner. */
    public Connection database() throws IOException, SQLException {
        List<String> pid = Files.readAllLines(home.resolve("db").resolve("postmaster.pid"));
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres", "postgres", "");
    }

    /** Kills every server started, then the embedded PostgreSQL, which outlives a killed server JVM. */
    @Override
    public void close() throws InterruptedException {
        for (Process server : servers) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(postgres -> {
            postgres.destroyForcibly();
            postgres.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        });
    }

    /** A TCP port free at the time of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path log(String name) {
        return home.resolve(name + ".log");
    }

    /** The last lines of every server's log. */
    private String tail() {
        try (var logs = Files.list(home)) {
            StringBuilder out = new StringBuilder();
            for (Path log : logs.filter(path -> path.toString().endsWith(".log"))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 60), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            }
            return out.toString();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The PID in the embedded PostgreSQL's lock file, when there is one. */
    private Optional<Long> postmasterPid() {
        Path pidFile = home.resolve("db").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
