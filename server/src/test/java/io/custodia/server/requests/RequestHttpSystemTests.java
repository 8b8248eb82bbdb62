package io.custodia.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests carried out in systems that answer over HTTP, served here by a real HTTP server of the test: one that
 * accepts the work and calls back later, one that fails once before it answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestHttpSystemTests extends RequestTestSupport {
    private static final String SECRET = "loyalty-shared-signing-secret-0123456789";

    private final AtomicInteger flakyCalls = new AtomicInteger();
    private HttpServer server;
    private String entity;

    @BeforeAll
    void systems() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Accepts every step and answers later through the callback.
        server.createContext("/later", exchange -> answer(exchange, 202, ""));
        // Unavailable the first time, then answers at once.
        server.createContext("/flaky", exchange -> {
            if (flakyCalls.getAndIncrement() == 0) {
                answer(exchange, 503, "");
            } else {
                answer(exchange, 200, "{\"rowsChanged\":1,\"detail\":\"erased\"}");
            }
        });
        server.start();
        entity = createEntity('H', "HTTP systems");
    }

    @AfterAll
    void stop() {
        server.stop(0);
    }

    @Test
    void aSystemThatAnswersLater_leavesItsTaskWaiting_untilItsSignedCallback() {
        register("loyalty", "/later");
        String email = unique("member-") + "@example.org";

        String id = file(dpo(), request("access", entity, "email", email, "app"))
                .get("id")
                .asString();
        awaitRequest(id, request -> request.get("tasks")
                .valueStream()
                .anyMatch(task -> task.get("status").asString().equals("waiting")));
        String body = "{\"step\":\"collect\",\"records\":[{\"collection\":\"members\",\"dataCategories\":"
                + "{\"email\":[\"user.contact.email\"]},\"rows\":[{\"email\":\"" + email + "\",\"points\":120}]}]}";
        HttpResponse<String> callback = send(HttpRequest.newBuilder(uri("/api/v1/connections/loyalty/callbacks/" + id))
                .header("Content-Type", "application/json")
                .header("Custodia-Signature", sign(System.currentTimeMillis() / 1000, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(204);

        awaitStatus(id, "completed");
        JsonNode document = parse(get("/api/v1/requests/" + id + "/package", dpo()));
        JsonNode members = document.get("records").get(0);
        assertThat(members.get("system").asString()).isEqualTo("loyalty");
        assertThat(members.get("records").get(0).get("points").get("value").asInt())
                .isEqualTo(120);
    }

    @Test
    void anUnavailableSystem_isTriedAgainAfterABackOff() {
        register("flaky", "/flaky");
        String customer = unique("H-");

        String id = file(dpo(), request("erasure", entity, "customer_id", customer, "store"))
                .get("id")
                .asString();
        JsonNode done = awaitRequest(id, request -> request.get("tasks")
                .valueStream()
                .anyMatch(task -> task.get("system").asString().equals("flaky")
                        && task.get("status").asString().equals("done")));

        JsonNode flaky = done.get("tasks")
                .valueStream()
                .filter(task -> task.get("system").asString().equals("flaky"))
                .findFirst()
                .orElseThrow();
        assertThat(flaky.get("attempts").asInt()).isEqualTo(2);
        assertThat(flaky.get("rowsChanged").asLong()).isEqualTo(1);
        assertThat(done.get("timeline").valueStream().map(event -> event.get("kind")
                        .asString()))
                .contains("task_retry");
    }

    private void register(String key, String path) {
        ObjectNode body = json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("type", "http")
                .put("name", "System " + key)
                .put("url", "http://127.0.0.1:" + server.getAddress().getPort() + path)
                .put("secret", SECRET);
        HttpResponse<String> response = post("/api/v1/connections", admin(), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    /** {@code t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">}, as docs/datasets.md describes it. */
    private static String sign(long seconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((seconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
