package io.custodia.client;

import io.custodia.core.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records consent over {@code POST /api/v1/consents}, retrying what is safe to retry. Thread-safe.
 *
 * <p>Every call sends one idempotency key on each of its attempts, so that an attempt whose answer was lost and
 * that the server had recorded is answered, on the retry, with the first answer rather than recorded again. It retries
 * on I/O errors (the connection failed or broke before the answer came), 429 and 502, 503, 504, after a back-off or
 * the server's {@code Retry-After} (up to {@link #MAX_RETRY_AFTER}); it never retries other answers: a 4xx is the
 * request's fault, a 500 a server bug.
 */
final class ConsentRecorder {
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final String entityCode;
    private final Duration timeout;
    private final int maxAttempts;
    private final Backoff backoff;
    private final ObjectMapper json;

    ConsentRecorder(
            HttpClient http,
            URI base,
            String authorization,
            String entityCode,
            Duration timeout,
            int maxAttempts,
            Backoff backoff,
            ObjectMapper json) {
        this.http = http;
        this.endpoint = base.resolve("api/v1/consents");
        this.authorization = authorization;
        this.entityCode = entityCode;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.json = json;
    }

    RecordedConsent record(ConsentRecord consent, String idempotencyKey) {
        if (idempotencyKey.isEmpty()
                || idempotencyKey.length() > 200
                || !idempotencyKey.chars().allMatch(character -> character > 0x20 && character < 0x7F)) {
            throw InvalidInputException.of("Idempotency-Key", "1 to 200 visible ASCII characters");
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("Idempotency-Key", idempotencyKey)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body(consent))))
                .build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= maxAttempts) {
                    throw new UnavailableException(
                            "Custodia could not be reached in " + attempt + " attempts: " + e.getMessage(), e);
                }
                sleep(backoff.delay(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while recording a consent", e);
            }
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                return answer(response);
            }
            ProblemException problem = Problems.of(status, response.headers(), response.body());
            if (!retryable(status)) {
                throw problem;
            }
            if (attempt >= maxAttempts) {
                throw new UnavailableException("Custodia answered " + status + " to " + attempt + " attempts", problem);
            }
            sleep(wait(response, attempt));
        }
    }

    static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private Duration wait(HttpResponse<String> response, int attempt) {
        Duration delay = backoff.delay(attempt);
        String retryAfter = response.headers().firstValue("Retry-After").orElse("");
        if (!retryAfter.isEmpty() && retryAfter.chars().allMatch(Character::isDigit) && retryAfter.length() < 6) {
            Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter));
            if (asked.compareTo(delay) > 0) {
                delay = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            }
        }
        return delay;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting to retry a consent", e);
        }
    }

    private ObjectNode body(ConsentRecord consent) {
        ObjectNode body = json.createObjectNode();
        body.set("subject", subject(consent.subject()));
        body.put("entity", entityCode);
        body.put("purpose", consent.purpose());
        body.put("action", consent.action());
        body.put("noticeVersion", consent.noticeVersion());
        body.put("channel", consent.channel());
        ConsentRecord.Context context = consent.context();
        ObjectNode where = body.putObject("context");
        putIfPresent(where, "page", context.page());
        putIfPresent(where, "promptId", context.promptId());
        putIfPresent(where, "deviceId", context.deviceId());
        Instant clientTime = consent.clientTime();
        if (clientTime != null) {
            body.put("clientTime", clientTime.toString());
        }
        if (!consent.dataCategories().isEmpty()) {
            ArrayNode categories = body.putArray("dataCategories");
            consent.dataCategories().forEach(categories::add);
        }
        putIfPresent(body, "recipient", consent.recipient());
        putIfPresent(body, "agent", consent.agent());
        SubjectId guardian = consent.guardian();
        if (guardian != null) {
            body.set("guardian", subject(guardian));
        }
        return body;
    }

    private ObjectNode subject(SubjectId subject) {
        ObjectNode node = json.createObjectNode();
        node.put("scheme", subject.scheme());
        node.put("value", subject.value());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private RecordedConsent answer(HttpResponse<String> response) {
        try {
            JsonNode answer = json.readTree(response.body());
            JsonNode state = answer.path("state");
            return new RecordedConsent(
                    UUID.fromString(answer.path("eventId").asString()),
                    answer.path("receiptUrl").asString(),
                    new PurposeState(
                            state.path("purpose").asString(),
                            state.path("status").asString(),
                            instant(state, "since"),
                            instant(state, "expiresAt"),
                            state.path("noticeVersion").isNumber()
                                    ? state.path("noticeVersion").asInt()
                                    : null,
                            instant(state, "askAgainAfter")),
                    answer.path("superseded").asBoolean(false),
                    response.headers()
                            .firstValue("Idempotent-Replayed")
                            .map("true"::equalsIgnoreCase)
                            .orElse(false));
        } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
            throw new UnavailableException("Custodia's answer could not be read: " + e.getMessage(), e);
        }
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : Instant.parse(value.asString());
    }
}
