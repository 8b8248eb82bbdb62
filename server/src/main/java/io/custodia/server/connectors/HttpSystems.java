package io.custodia.server.connectors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Systems that answer requests themselves, over HTTP: Custodia POSTs the step as JSON to the connection's URL, signed
 * with the connection's secret, and the system answers at once (200 with what it found or changed) or later (202, then
 * a signed POST to the callback endpoint).
 *
 * <p><b>Signature.</b> Both ways, the header {@value #SIGNATURE_HEADER} is {@code t=<unix seconds>,v1=<hex>}, where
 * {@code hex} is the HMAC-SHA256 under the shared secret of the timestamp, a dot and the exact body bytes. A receiver
 * recomputes it, compares in constant time and refuses a timestamp more than {@value #TOLERANCE_SECONDS} seconds away
 * from its clock, so that a captured call cannot be replayed later.
 *
 * <p><b>Body sent.</b> {@code {"requestId", "type": "collect"|"erase"|"rectify"|"restrict"|"notify", "identities":
 * {"email": ["…"]}, "changes": {dataCategory: newValue} (rectify), "requestType" (notify)}}.
 *
 * <p><b>Answer.</b> 200 with {@code {"records": [{"dataset"?, "collection", "dataCategories"?: {field: [category]},
 * "rows": [{field: value}]}], "rowsChanged"?, "detail"?}} is DONE; 202 is PENDING. A connection refused, a timeout
 * ({@value #TIMEOUT_SECONDS} s) or a 5xx answer throws {@link ConnectorUnavailableException}; another answer, or a body
 * that cannot be read, throws {@link ConnectorFailedException}. Thread-safe.
 */
@Component
class HttpSystems {
    static final String SIGNATURE_HEADER = "Custodia-Signature";
    static final long TOLERANCE_SECONDS = 300;
    static final int TIMEOUT_SECONDS = 30;
    private static final HexFormat HEX = HexFormat.of();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ObjectMapper json;
    private final Clock clock;

    HttpSystems(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Sends one step to an HTTP system.
     *
     * @param extra more fields of the body, such as {@code changes} or {@code requestType}
     */
    StepOutcome send(
            Connection connection, String secret, String step, Identities who, String requestId, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("type", step);
        body.put("identities", who.values());
        body.putAll(extra);
        byte[] bytes = json.writeValueAsBytes(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(Objects.requireNonNull(connection.url())))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, sign(secret, clock.instant().getEpochSecond(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ConnectorUnavailableException(
                    connection.key() + " did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (IOException e) {
            throw new ConnectorUnavailableException(connection.key() + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorUnavailableException("Interrupted while waiting for " + connection.key(), e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new ConnectorUnavailableException(connection.key() + " answered " + status);
        }
        if (status == 202) {
            return StepOutcome.pending(connection.key() + " will answer later");
        }
        if (status != 200 && status != 204) {
            throw new ConnectorFailedException(connection.key() + " refused the " + step + " step with " + status);
        }
        if (status == 204 || response.body().length == 0) {
            return StepOutcome.done(null, 0, null);
        }
        return answer(connection.key(), response.body(), "collect".equals(step));
    }

    /**
     * Reads a system's answer: its records (for a collect step), the rows it changed and its note.
     *
     * @throws ConnectorFailedException when the body is not an answer
     */
    StepOutcome answer(String system, byte[] body, boolean collect) {
        try {
            JsonNode root = json.readTree(body);
            if (!root.isObject()) {
                throw new ConnectorFailedException(system + " answered with a body that is not a JSON object");
            }
            CollectedRecords records = null;
            JsonNode found = root.path("records");
            if (collect || found.isArray()) {
                records = records(system, found);
            }
            long changed = root.path("rowsChanged").asLong(0);
            JsonNode detail = root.path("detail");
            return StepOutcome.done(records, changed, detail.isString() ? detail.asString() : null);
        } catch (JacksonException e) {
            throw new ConnectorFailedException(system + " answered with a body that is not JSON", e);
        }
    }

    private CollectedRecords records(String system, JsonNode found) {
        List<CollectionRecords> collections = new ArrayList<>();
        if (!found.isArray()) {
            return new CollectedRecords(system, collections);
        }
        for (JsonNode collection : found) {
            String name = collection.path("collection").asString("");
            if (name.isEmpty()) {
                throw new ConnectorFailedException(system + " answered a record set without its collection");
            }
            String dataset = collection.path("dataset").asString(system);
            JsonNode categories = collection.path("dataCategories");
            List<Map<String, FieldValue>> rows = new ArrayList<>();
            for (JsonNode row : collection.path("rows")) {
                Map<String, FieldValue> record = new LinkedHashMap<>();
                for (var field : row.properties()) {
                    List<String> keys = new ArrayList<>();
                    categories.path(field.getKey()).forEach(category -> keys.add(category.asString()));
                    record.put(field.getKey(), new FieldValue(value(field.getValue()), keys));
                }
                rows.add(record);
            }
            collections.add(new CollectionRecords(dataset, name, rows));
        }
        return new CollectedRecords(system, collections);
    }

    private @Nullable Object value(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return json.convertValue(node, Object.class);
    }

    /** The signature header's value for a body sent at {@code epochSecond}. */
    static String sign(String secret, long epochSecond, byte[] body) {
        return "t=" + epochSecond + ",v1=" + HEX.formatHex(mac(secret, epochSecond, body));
    }

    /**
     * Whether a signature header is the secret's over this body, made within the tolerance of now.
     *
     * @param header the header's value, null when the call had none
     */
    boolean verifies(@Nullable String header, String secret, byte[] body) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String item = part.strip();
            try {
                if (item.startsWith("t=")) {
                    timestamp = Long.valueOf(item.substring(2));
                } else if (item.startsWith("v1=")) {
                    signatures.add(HEX.parseHex(item.substring(3)));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (timestamp == null || Math.abs(clock.instant().getEpochSecond() - timestamp) > TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected = mac(secret, timestamp, body);
        return signatures.stream().anyMatch(signature -> MessageDigest.isEqual(expected, signature));
    }

    private static byte[] mac(String secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSecond + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
