package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Helpers for the consent ledger's tests. The database is shared by every test of the JVM and never reset, so each
 * test names its own customers: customer numbers no demo customer has, which the ledger registers on first contact.
 */
abstract class ConsentTestSupport extends CustodiaTest {
    static final String DEMO_PASSWORD = "custodia-demo-2026";
    static final String OFFERS = "marketing.personalised_offers";
    static final String PARTNERS = "marketing.partner_advertising";
    static final String RESEARCH = "research.innovation";
    static final String NETWORK_QUALITY = "analytics.network_quality";

    static String dpo() {
        return basic("dpo", DEMO_PASSWORD);
    }

    static String privacyFr() {
        return basic("privacy.fr", DEMO_PASSWORD);
    }

    static String agentSn() {
        return basic("agent.sn", DEMO_PASSWORD);
    }

    static String auditor() {
        return basic("auditor", DEMO_PASSWORD);
    }

    /** A customer number nobody has yet, in the demo format. */
    static String newCustomer(String entity) {
        return entity + "-T"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                        .toUpperCase(Locale.ROOT);
    }

    static String newKey() {
        return "test-" + UUID.randomUUID();
    }

    /** A grant of the purpose under notice version 1, from the web, for a customer named by customer number. */
    ObjectNode choice(String entity, String customer, String purpose, String action) {
        ObjectNode body = json.createObjectNode();
        body.putObject("subject").put("scheme", "customer_id").put("value", customer);
        body.put("entity", entity)
                .put("purpose", purpose)
                .put("action", action)
                .put("noticeVersion", 1)
                .put("channel", "web");
        body.putObject("context").put("page", "https://shop.example/offers").put("promptId", "banner-2026");
        return body;
    }

    HttpResponse<String> record(String authorization, @Nullable String key, ObjectNode body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        for (int index = 0; index < headers.length; index += 2) {
            request.header(headers[index], headers[index + 1]);
        }
        return send(request.build());
    }

    /** Records a choice that must be accepted, and answers the response body. */
    JsonNode recorded(String authorization, ObjectNode body) {
        HttpResponse<String> response = record(authorization, newKey(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response);
    }

    HttpResponse<String> states(String authorization, String entity, String customer, String... headers) {
        return read("/api/v1/consents", authorization, entity, customer, headers);
    }

    HttpResponse<String> events(String authorization, String entity, String customer, String... headers) {
        return read("/api/v1/consents/events", authorization, entity, customer, headers);
    }

    /** The state of one purpose, as read through the API by the DPO. */
    JsonNode state(String entity, String customer, String purpose) {
        HttpResponse<String> response = states(dpo(), entity, customer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response)
                .valueStream()
                .filter(state -> state.get("purpose").asString().equals(purpose))
                .findFirst()
                .orElseThrow();
    }

    /** The timeline as read through the API by the DPO. */
    List<JsonNode> timeline(String entity, String customer) {
        HttpResponse<String> response = events(dpo(), entity, customer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ArrayList<>(parse(response).valueStream().toList());
    }

    private HttpResponse<String> read(
            String path, String authorization, String entity, String customer, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path + "?scheme=customer_id&value="
                        + URLEncoder.encode(customer, StandardCharsets.UTF_8) + "&entity=" + entity))
                .header("Authorization", authorization)
                .GET();
        for (int index = 0; index < headers.length; index += 2) {
            request.header(headers[index], headers[index + 1]);
        }
        return send(request.build());
    }

    /** The fields named by a 400 problem's errors. */
    List<String> fields(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        return parse(response)
                .get("errors")
                .valueStream()
                .map(error -> error.get("field").asString())
                .toList();
    }
}
