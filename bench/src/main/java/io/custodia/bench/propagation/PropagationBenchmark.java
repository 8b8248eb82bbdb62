package io.custodia.bench.propagation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures how long a withdrawal takes to reach a Java client's replica running in another JVM: from the moment the
 * writer has the server's acknowledgement ({@code 201} to {@code POST /api/v1/consents}) to the moment the replica
 * answers DENY for that customer and purpose.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.custodia.bench.propagation.PropagationBenchmark \
 *     --url http://localhost:8080 [--customers 10000] [--writers 4] [--entity FR]
 *     [--purpose marketing.personalised_offers] [--notice-version 1] [--user dpo --password …] [--token cst_…]
 * </pre>
 *
 * <p>Steps: makes a service token with {@code feed:read} and {@code consent:write} for the entity (as the staff user,
 * unless {@code --token} is given); starts {@link ReplicaProcess} in a new JVM and waits for its snapshot; grants the
 * purpose to {@code --customers} new customers in batches, one batch after the other, so that the feed delivers the
 * grants in the order sent, which is how the driver learns each customer's id in Custodia (the API names customers by
 * their identifiers, the feed by id); then withdraws them all from {@code --writers} threads, one request each, noting
 * when each acknowledgement arrives; and reads, from the replica's output, when it denied each.
 *
 * <p>Both JVMs run on one machine and take their times with {@link System#nanoTime()}, which on Linux reads the
 * system-wide monotonic clock ({@code CLOCK_MONOTONIC}), so times of the two processes compare. A replica may deny
 * before the writer has read its answer (the feed can beat the HTTP response); such a propagation counts as 0.
 */
public final class PropagationBenchmark {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final int BATCH = 100;

    private PropagationBenchmark() {}

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        String url = options.getOrDefault("url", "http://localhost:8080");
        int customers = Integer.parseInt(options.getOrDefault("customers", "10000"));
        int writers = Integer.parseInt(options.getOrDefault("writers", "4"));
        String entity = options.getOrDefault("entity", "FR");
        String purpose = options.getOrDefault("purpose", "marketing.personalised_offers");
        int noticeVersion = Integer.parseInt(options.getOrDefault("notice-version", "1"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String token = options.containsKey("token")
                ? options.get("token")
                : token(
                        http,
                        url,
                        entity,
                        options.getOrDefault("user", "dpo"),
                        options.getOrDefault("password", "custodia-demo-2026"));
        String authorization = "Bearer " + token;
        String run = UUID.randomUUID().toString().substring(0, 8);

        Replica replica = Replica.start(url, token, entity, purpose);
        try {
            replica.ready.await(10, TimeUnit.MINUTES);
            System.out.println("replica ready at position " + replica.readyAt.get());

            long grantsStarted = System.nanoTime();
            for (int from = 0; from < customers; from += BATCH) {
                StringBuilder body = new StringBuilder("{\"events\":[");
                for (int index = from; index < Math.min(customers, from + BATCH); index++) {
                    body.append(index == from ? "" : ",")
                            .append(event(
                                    entity,
                                    purpose,
                                    customer(run, index),
                                    "granted",
                                    noticeVersion,
                                    ",\"idempotencyKey\":\"grant-" + run + "-" + index + "\""));
                }
                body.append("]}");
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/api/v1/consents/batch"))
                                .header("Authorization", authorization)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                            "granting failed: " + response.statusCode() + " " + response.body());
                }
            }
            waitFor(() -> replica.granted.size() >= customers, Duration.ofMinutes(5), "the replica to see every grant");
            System.out.printf(
                    Locale.ROOT,
                    "granted %d customers in %.1f s%n",
                    customers,
                    (System.nanoTime() - grantsStarted) / 1e9);
            List<UUID> ids = new ArrayList<>(replica.granted.subList(0, customers));

            long[] acknowledged = new long[customers];
            AtomicInteger next = new AtomicInteger();
            AtomicLong failures = new AtomicLong();
            long withdrawalsStarted = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                Thread thread = new Thread(() -> {
                    for (int index = next.getAndIncrement(); index < customers; index = next.getAndIncrement()) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/consents"))
                                .header("Authorization", authorization)
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", "withdraw-" + run + "-" + index)
                                .timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        event(entity, purpose, customer(run, index), "withdrawn", noticeVersion, "")))
                                .build();
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            long at = System.nanoTime();
                            if (response.statusCode() == 201) {
                                acknowledged[index] = at;
                            } else {
                                failures.incrementAndGet();
                                System.err.println(response.statusCode() + " " + response.body());
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                            System.err.println(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double withdrawSeconds = (System.nanoTime() - withdrawalsStarted) / 1e9;
            waitFor(
                    () -> ids.stream().allMatch(replica.withdrawn::containsKey),
                    Duration.ofMinutes(2),
                    "the replica to deny every withdrawal");

            long[] propagation = new long[customers];
            int beforeAcknowledgement = 0;
            int count = 0;
            for (int index = 0; index < customers; index++) {
                if (acknowledged[index] == 0) {
                    continue;
                }
                Withdrawal seen = replica.withdrawn.get(ids.get(index));
                if (seen == null || !seen.denied()) {
                    throw new IllegalStateException("the replica did not deny customer " + index + ": " + seen);
                }
                long took = seen.at() - acknowledged[index];
                if (took <= 0) {
                    beforeAcknowledgement++;
                }
                propagation[count++] = Math.max(0, took);
            }
            long[] sorted = Arrays.copyOf(propagation, count);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "withdrawals=%d writers=%d failures=%d withdrawals/s=%.0f acknowledged->DENY p50=%.1f ms p90=%.1f ms"
                            + " p99=%.1f ms max=%.1f ms denied before the acknowledgement arrived=%d%n",
                    count,
                    writers,
                    failures.get(),
                    count / withdrawSeconds,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.90),
                    percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                    beforeAcknowledgement);
        } finally {
            replica.stop();
        }
    }

    /** What the replica reported of one withdrawal. */
    record Withdrawal(long at, boolean denied, String reason) {}

    /** The replica's JVM and what it reported. */
    private static final class Replica {
        final Process process;
        final CountDownLatch ready = new CountDownLatch(1);
        final AtomicLong readyAt = new AtomicLong(-1);
        final List<UUID> granted = new CopyOnWriteArrayList<>();
        final Map<UUID, Withdrawal> withdrawn = new ConcurrentHashMap<>();

        private Replica(Process process) {
            this.process = process;
        }

        static Replica start(String url, String token, String entity, String purpose) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx1g",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ReplicaProcess.class.getName(),
                            url,
                            token,
                            entity,
                            purpose)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            Replica replica = new Replica(process);
            Thread reader = new Thread(replica::read, "replica-output");
            reader.setDaemon(true);
            reader.start();
            return replica;
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] parts = line.split(" ");
                    switch (parts[0]) {
                        case "READY" -> {
                            readyAt.set(Long.parseLong(parts[1]));
                            ready.countDown();
                        }
                        case "G" -> granted.add(UUID.fromString(parts[1]));
                        case "W" ->
                            withdrawn.putIfAbsent(
                                    UUID.fromString(parts[1]),
                                    new Withdrawal(Long.parseLong(parts[2]), parts[3].equals("DENY"), parts[4]));
                        default -> System.err.println("replica said: " + line);
                    }
                }
            } catch (IOException e) {
                System.err.println("replica output: " + e);
            }
        }

        void stop() throws InterruptedException {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // It is stopping anyway.
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    private static String token(HttpClient http, String url, String entity, String user, String password)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/tokens"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"propagation-benchmark\",\"scopes\":"
                                + "[\"feed:read\",\"consent:write\"],\"entity\":\"" + entity + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        if (response.statusCode() != 201 || !token.find()) {
            throw new IllegalStateException("no token: " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    private static String customer(String run, int index) {
        return String.format(Locale.ROOT, "PB-%s-%06d", run, index);
    }

    /** One choice as JSON; {@code more} is added inside the object as it is (such as a batch's idempotency key). */
    private static String event(
            String entity, String purpose, String customer, String action, int noticeVersion, String more) {
        return "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + customer + "\"},\"entity\":\"" + entity
                + "\",\"purpose\":\"" + purpose + "\",\"action\":\"" + action + "\",\"noticeVersion\":" + noticeVersion
                + ",\"channel\":\"web\",\"context\":{\"page\":\"https://shop.example/privacy\"}" + more + "}";
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double percentile(long[] sorted, double rank) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(rank * sorted.length))] / 1e6;
    }

    private static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new HashMap<>();
        for (int index = 0; index + 1 < arguments.length; index += 2) {
            if (!arguments[index].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + arguments[index]);
            }
            options.put(arguments[index].substring(2), arguments[index + 1]);
        }
        return options;
    }
}
