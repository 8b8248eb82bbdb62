package io.custodia.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code import-consents} command: streams a file to {@code POST /api/v1/consents/import} and reports what the
 * server recorded, or the lines it refused.
 *
 * <p>The server checks and writes the lines while it receives them, so the bytes sent are the import's progress; once
 * they are all sent, the server commits and answers.
 */
final class ImportConsents {
    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = JsonMapper.builder().build();

    ImportConsents(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** The command's options, checked. */
    record Options(URI server, String entity, Path file, String format, String authorization, boolean progress) {

        static Options parse(String[] args, Map<String, String> env) {
            @Nullable String server = null;
            @Nullable String entity = null;
            @Nullable String file = null;
            @Nullable String format = null;
            @Nullable String user = env.get("CUSTODIA_USER");
            @Nullable String token = env.get("CUSTODIA_TOKEN");
            boolean progress = true;
            for (int index = 0; index < args.length; index++) {
                String name = args[index];
                if (name.equals("--no-progress")) {
                    progress = false;
                    continue;
                }
                if (index + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + name + " needs a value.");
                }
                String value = args[++index];
                switch (name) {
                    case "--server" -> server = value;
                    case "--entity" -> entity = value;
                    case "--file" -> file = value;
                    case "--format" -> format = value;
                    case "--user" -> user = value;
                    case "--token" -> token = value;
                    default -> throw new IllegalArgumentException("Unknown option " + name + ".");
                }
            }
            if (server == null || entity == null || file == null) {
                throw new IllegalArgumentException("--server, --entity and --file are required.");
            }
            Path path = Path.of(file);
            String chosen = format != null ? format.toLowerCase(Locale.ROOT) : formatOf(path);
            if (!chosen.equals("csv") && !chosen.equals("jsonl")) {
                throw new IllegalArgumentException("The format is csv or jsonl, not '" + chosen + "'.");
            }
            return new Options(
                    URI.create(server.endsWith("/") ? server : server + "/"),
                    entity,
                    path,
                    chosen,
                    authorization(user, token, env),
                    progress);
        }

        private static String formatOf(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return "csv";
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                return "jsonl";
            }
            throw new IllegalArgumentException(
                    "The extension of " + file.getFileName() + " does not tell its format: give --format csv|jsonl.");
        }

        private static String authorization(@Nullable String user, @Nullable String token, Map<String, String> env) {
            if (token != null && !token.isBlank()) {
                return "Bearer " + token.strip();
            }
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException(
                        "Name who signs in: --user (or CUSTODIA_USER) with CUSTODIA_PASSWORD, or --token.");
            }
            @Nullable String password = env.get("CUSTODIA_PASSWORD");
            if (password == null) {
                Console console = System.console();
                if (console == null) {
                    throw new IllegalArgumentException("Set CUSTODIA_PASSWORD: there is no terminal to ask for it.");
                }
                char[] typed = console.readPassword("Password of %s: ", user);
                password = typed == null ? "" : new String(typed);
            }
            return "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    int run() {
        long size;
        try {
            size = Files.size(options.file());
        } catch (IOException e) {
            err.println("Cannot read " + options.file() + ": " + e.getMessage());
            return CustodiaCli.UNREACHABLE;
        }
        URI target = options.server()
                .resolve(
                        "api/v1/consents/import?entity=" + URLEncoder.encode(options.entity(), StandardCharsets.UTF_8));
        long started = System.nanoTime();
        HttpResponse<String> response;
        try (ProgressBar bar = progressBar(size)) {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .header("Authorization", options.authorization())
                    .header("Content-Type", options.format().equals("csv") ? "text/csv" : "application/x-ndjson")
                    .header("Accept", "application/json, application/problem+json")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> open(bar)), size))
                    .build();
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("Cannot import into " + options.server() + ": " + e);
            return CustodiaCli.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted: the server rolls back an import it did not receive whole.");
            return CustodiaCli.UNREACHABLE;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return report(response, seconds);
    }

    private @Nullable ProgressBar progressBar(long size) {
        if (!options.progress()) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("Importing")
                .setInitialMax(size)
                .setUnit(" MB", 1_000_000)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
    }

    private InputStream open(@Nullable ProgressBar bar) {
        try {
            InputStream file = Files.newInputStream(options.file());
            if (bar == null) {
                return file;
            }
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    int read = file.read();
                    if (read >= 0) {
                        bar.step();
                    }
                    return read;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = file.read(buffer, offset, length);
                    if (read > 0) {
                        bar.stepBy(read);
                    }
                    return read;
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int report(HttpResponse<String> response, double seconds) {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JacksonException e) {
            err.println("The server answered " + response.statusCode() + ": " + response.body());
            return CustodiaCli.REFUSED;
        }
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            int events = body.path("events").asInt();
            if (body.path("replayed").asBoolean()) {
                out.println("This file was imported before (import "
                        + body.path("importId").asString() + " at "
                        + body.path("importedAt").asString() + "): nothing new was recorded.");
            } else {
                out.printf(
                        Locale.ROOT,
                        "Imported %d events from %d lines into %s (%d new customers) in %.1f s, %.0f events/s.%n",
                        events,
                        body.path("lines").asInt(),
                        body.path("entity").asString(),
                        body.path("subjectsCreated").asInt(),
                        seconds,
                        events / Math.max(seconds, 1e-9));
            }
            out.println("Import " + body.path("importId").asString() + ", file SHA-256 "
                    + body.path("fileSha256").asString() + ", audit entry "
                    + body.path("auditSeq").asLong()
                    + ".");
            return CustodiaCli.OK;
        }
        err.println("Nothing was imported: "
                + body.path("detail").asString(body.path("title").asString("error " + status)));
        for (JsonNode error : body.path("errors")) {
            err.println("  " + error.path("field").asString() + ": "
                    + error.path("message").asString());
        }
        return CustodiaCli.REFUSED;
    }
}
