package io.custodia.server.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.custodia.server.CustodiaTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

/**
 * HTTP systems against a real HTTP server started by the test (the JDK's {@code com.sun.net.httpserver}, on a random
 * loopback port): signed calls, answers now (200) or later (202 then a signed callback), failures, and Art. 19
 * notifications. The system's side checks signatures with its own HMAC code, written here from the documented
 * header, not with Custodia's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorsHttpTests extends CustodiaTest {
    private static final String SECRET = "crm-shared-signing-secret-0123456789";

    @Autowired
    Connectors connectors;

    @Autowired
    ConfigurableApplicationContext context;

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<SystemAnswered> answers = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String entity;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/now", exchange -> answer(exchange, 200, """
                {"records": [{"collection": "profile", "dataCategories": {"email": ["user.contact.email"]},
                  "rows": [{"email": "ada@example.org", "points": 120}]}], "detail": "found"}"""));
        server.createContext("/later", exchange -> answer(exchange, 202, ""));
        server.createContext("/down", exchange -> answer(exchange, 503, ""));
        server.createContext("/refuses", exchange -> answer(exchange, 422, ""));
        server.start();
        context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<?>>) event -> {
            if (event.getPayload() instanceof SystemAnswered answered) {
                answers.add(answered);
            }
        });
        entity = createEntity('H', "Connectors HTTP");
        register("crm", "/now", null);
        register("loyalty", "/later", null);
        register("ads-partner", "/now", "adtech-partner");
    }

    @AfterAll
    void stop() {
        server.stop(0);
    }

    @Test
    void collect_signsTheCall_andReadsTheRecordsAnsweredAtOnce() {
        StepOutcome outcome = connectors.collect(target("crm"), Identities.of("email", "ada@example.org"), "req-h1");

        assertThat(outcome.status()).isEqualTo(StepStatus.DONE);
        assertThat(outcome.detail()).isEqualTo("found");
        CollectedRecords records = java.util.Objects.requireNonNull(outcome.records());
        assertThat(records.collections()).singleElement().satisfies(collection -> {
            assertThat(collection.collection()).isEqualTo("profile");
            assertThat(collection.rows().get(0))
                    .containsEntry("email", new FieldValue("ada@example.org", List.of("user.contact.email")))
                    .containsEntry("points", new FieldValue(120L, List.of()));
        });
        JsonNode call = lastCall("req-h1");
        assertThat(call.path("type").asString()).isEqualTo("collect");
        assertThat(call.path("identities").path("email").get(0).asString()).isEqualTo("ada@example.org");
        assertThat(call.path("signatureValid").asBoolean()).isTrue();
    }

    @Test
    void accepted_isPending_andTheSignedCallbackIsPublished() {
        StepOutcome outcome = connectors.erase(target("loyalty"), Identities.of("email", "bo@example.org"), "req-h2");
        assertThat(outcome.status()).isEqualTo(StepStatus.PENDING);

        String body = "{\"step\":\"erase\",\"rowsChanged\":3,\"detail\":\"erased\"}";
        var callback = callback("loyalty", "req-h2", body, sign(SECRET, System.currentTimeMillis() / 1000, body));

        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(204);
        assertThat(answers)
                .filteredOn(answer -> answer.requestId().equals("req-h2"))
                .singleElement()
                .satisfies(answer -> {
                    assertThat(answer.entity()).isEqualTo(entity);
                    assertThat(answer.system()).isEqualTo("loyalty");
                    assertThat(answer.step()).isEqualTo("erase");
                    assertThat(answer.detail()).isEqualTo("erased");
                });
    }

    @Test
    void callbackWithABadOrOldSignature_isRefused_andPublishesNothing() {
        String body = "{\"step\":\"collect\",\"records\":[]}";
        long now = System.currentTimeMillis() / 1000;

        assertThat(callback("loyalty", "req-h3", body, sign("another-secret-entirely-000", now, body))
                        .statusCode())
                .isEqualTo(401);
        assertThat(callback("loyalty", "req-h3", body, sign(SECRET, now - 3600, body))
                        .statusCode())
                .isEqualTo(401);
        assertThat(callback("loyalty", "req-h3", body.replace("[]", "[{}]"), sign(SECRET, now, body))
                        .statusCode())
                .isEqualTo(401);
        assertThat(callback("loyalty", "req-h3", body, null).statusCode()).isEqualTo(401);
        assertThat(answers).noneMatch(answer -> answer.requestId().equals("req-h3"));
    }

    @Test
    void serverError_isUnavailable_andARefusal_isAFailure() {
        register("down-" + entity.toLowerCase(java.util.Locale.ROOT), "/down", null);
        register("refuses-" + entity.toLowerCase(java.util.Locale.ROOT), "/refuses", null);

        assertThatThrownBy(() -> connectors.collect(
                        target("down-" + entity.toLowerCase(java.util.Locale.ROOT)),
                        Identities.of("email", "a@b.c"),
                        "req-h4"))
                .isInstanceOf(ConnectorUnavailableException.class);
        assertThatThrownBy(() -> connectors.collect(
                        target("refuses-" + entity.toLowerCase(java.util.Locale.ROOT)),
                        Identities.of("email", "a@b.c"),
                        "req-h4"))
                .isInstanceOf(ConnectorFailedException.class);
    }

    @Test
    void rectifyAndRestrict_areSentWithTheirFields() {
        connectors.rectify(
                target("crm"), Identities.of("email", "cy@example.org"), Map.of("user.name", "Cy Young"), "req-h5");
        connectors.restrict(target("crm"), Identities.of("email", "cy@example.org"), "req-h6");

        assertThat(lastCall("req-h5").path("changes").path("user.name").asString())
                .isEqualTo("Cy Young");
        assertThat(lastCall("req-h6").path("type").asString()).isEqualTo("restrict");
    }

    @Test
    void notifyRecipients_tellsOnlyTheConnectionsThatStandForARecipient() {
        List<String> told =
                connectors.notifyRecipients(entity, "req-h7", "erasure", Identities.of("email", "di@example.org"));

        assertThat(told).containsExactly("ads-partner");
        JsonNode call = lastCall("req-h7");
        assertThat(call.path("type").asString()).isEqualTo("notify");
        assertThat(call.path("requestType").asString()).isEqualTo("erasure");
        assertThat(call.path("recipient").asString()).isEqualTo("adtech-partner");
    }

    @Test
    void httpConnection_needsASigningSecret_andNeverAnswersIt() {
        var refused = post(
                "/api/v1/connections",
                admin(),
                "{\"entity\":\"" + entity + "\",\"type\":\"http\",\"key\":\"weak\",\"name\":\"Weak\","
                        + "\"url\":\"ftp://x\",\"secret\":\"short\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(parse(refused).path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("url", "secret");

        assertThat(get("/api/v1/connections/crm?entity=" + entity, admin()).body())
                .contains("\"credentialsStored\":true")
                .doesNotContain(SECRET);
    }

    private void register(String key, String path, @Nullable String recipient) {
        var body = json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("type", "http")
                .put("name", "System " + key)
                .put("url", "http://127.0.0.1:" + server.getAddress().getPort() + path)
                .put("secret", SECRET);
        if (recipient != null) {
            body.put("recipient", recipient);
        }
        var response = post("/api/v1/connections", admin(), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private SystemTarget target(String key) {
        return connectors.systems(entity).stream()
                .filter(system -> system.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode lastCall(String requestId) {
        return received.stream()
                .filter(call -> call.path("requestId").asString().equals(requestId))
                .reduce((first, second) -> second)
                .orElseThrow();
    }

    private HttpResponse<String> callback(String key, String requestId, String body, @Nullable String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        uri("/api/v1/connections/" + key + "/callbacks/" + requestId))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Custodia-Signature", signature);
        }
        return send(request.build());
    }

    /** The system's side: records the call with whether its signature holds, then answers. */
    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        var call = json.readTree(request);
        String header = exchange.getRequestHeaders().getFirst("Custodia-Signature");
        boolean valid = false;
        if (header != null && header.startsWith("t=")) {
            long timestamp = Long.parseLong(header.substring(2, header.indexOf(',')));
            valid = header.equals(sign(SECRET, timestamp, new String(request, StandardCharsets.UTF_8)));
        }
        ((tools.jackson.databind.node.ObjectNode) call).put("signatureValid", valid);
        received.add(call);
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
    private static String sign(String secret, long seconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((seconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
