package io.custodia.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how many consent events a running Custodia records per second over HTTP: N clients post choices of the
 * customers of an entity of the demo group for a fixed time, each waiting for its answer before sending the next request.
 *
 * <pre>
 * java -cp bench/target/classes io.custodia.bench.ConsentIngestion \
 *     --url http://localhost:8080 --clients 8 --seconds 20 [--warmup 10] [--batch 50] [--entity FR] [--customers 2000]
 *     [--token cst_…]
 * </pre>
 *
 * <p>With {@code --token} the clients authenticate as a company service ({@code Authorization: Bearer}, a token with
 * {@code consent:write} for the entity), as services do in production; without it, as a staff member with HTTP Basic
 * ({@code --user}, {@code --password}, the demo's DPO by default). The first {@code --warmup} seconds (10 by default)
 * send the same load uncounted, so that the server's code is compiled before it is measured.
 *
 * <p>With {@code --batch 1} (the default) every event is one {@code POST /api/v1/consents}; with more, events go in
 * batches to {@code POST /api/v1/consents/batch}, which spreads the cost of authenticating a request over many
 * events. Customers are a pool of its own ({@code FR-L0000001} …, registered by their first choice, of unknown age
 * and so treated as adults; the demo's customers include children, whose grants need a guardian), purposes the demo
 * register's consent purposes, actions a random grant, refusal or withdrawal.
 */
public final class ConsentIngestion {
    private static final List<String> PURPOSES = List.of(
            "marketing.personalised_offers",
            "marketing.partner_advertising",
            "research.innovation",
            "service.connected_devices");
    private static final List<String> ACTIONS = List.of("granted", "refused", "withdrawn");

    private ConsentIngestion() {}

    public static void main(String[] arguments) throws InterruptedException {
        Map<String, String> options = options(arguments);
        String url = options.getOrDefault("url", "http://localhost:8080");
        String user = options.getOrDefault("user", "dpo");
        String password = options.getOrDefault("password", "custodia-demo-2026");
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1"));
        String entity = options.getOrDefault("entity", "FR");
        int customers = Integer.parseInt(options.getOrDefault("customers", "2000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        String token = options.get("token");

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String authorization = token != null
                ? "Bearer " + token
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (warmup > 0) {
            run(http, url, authorization, entity, customers, clients, batch, warmup);
        }
        Result result = run(http, url, authorization, entity, customers, clients, batch, seconds);
        List<Long> sorted = new ArrayList<>(result.latencies());
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "clients=%d batch=%d auth=%s seconds=%.1f requests=%d events=%d failures=%d events/s=%.1f"
                        + " latency p50=%.1f ms p99=%.1f ms%n",
                clients,
                Math.max(1, batch),
                token != null ? "token" : "basic",
                result.elapsed(),
                sorted.size(),
                result.events(),
                result.failures(),
                result.events() / result.elapsed(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.99));
    }

    /** What one timed run measured. */
    private record Result(double elapsed, long events, long failures, List<Long> latencies) {}

    @SuppressWarnings("TooManyParameters") // the driver's options, passed as they are
    private static Result run(
            HttpClient http,
            String url,
            String authorization,
            String entity,
            int customers,
            int clients,
            int batch,
            int seconds)
            throws InterruptedException {
        AtomicLong events = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();

        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int client = 0; client < clients; client++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    HttpRequest request = batch <= 1
                            ? single(url, authorization, entity, customers)
                            : batch(url, authorization, entity, customers, batch);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - sent);
                        if (response.statusCode() == 200 || response.statusCode() == 201) {
                            events.addAndGet(Math.max(1, batch));
                        } else {
                            failures.incrementAndGet();
                            System.err.println(response.statusCode() + " " + response.body());
                        }
                    } catch (java.io.IOException e) {
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
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Result(elapsed, events.get(), failures.get(), List.copyOf(latencies));
    }

    private static HttpRequest single(String url, String authorization, String entity, int customers) {
        return HttpRequest.newBuilder(URI.create(url + "/api/v1/consents"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "load-" + UUID.randomUUID())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(event(entity, customers, null)))
                .build();
    }

    private static HttpRequest batch(String url, String authorization, String entity, int customers, int size) {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int index = 0; index < size; index++) {
            body.append(index == 0 ? "" : ",").append(event(entity, customers, "load-" + UUID.randomUUID()));
        }
        body.append("]}");
        return HttpRequest.newBuilder(URI.create(url + "/api/v1/consents/batch"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static String event(String entity, int customers, @org.jspecify.annotations.Nullable String key) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String customer = String.format(Locale.ROOT, "%s-L%07d", entity, 1 + random.nextInt(customers));
        return "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + customer + "\"},\"entity\":\"" + entity
                + "\",\"purpose\":\"" + PURPOSES.get(random.nextInt(PURPOSES.size())) + "\",\"action\":\""
                + ACTIONS.get(random.nextInt(ACTIONS.size())) + "\",\"noticeVersion\":1,\"channel\":\"web\""
                + ",\"context\":{\"page\":\"https://shop.example/offers\",\"promptId\":\"banner-2026\"}"
                + (key == null ? "" : ",\"idempotencyKey\":\"" + key + "\"") + "}";
    }

    private static double percentile(List<Long> sorted, double rank) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(rank * sorted.size()))) / 1e6;
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
