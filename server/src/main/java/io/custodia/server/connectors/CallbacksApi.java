package io.custodia.server.connectors;

import io.custodia.core.InvalidInputException;
import io.custodia.server.platform.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The endpoint where an HTTP system answers a step it accepted with 202. No staff member or token calls it: the
 * system proves itself with the {@value HttpSystems#SIGNATURE_HEADER} header, an HMAC under the connection's secret
 * (see {@link HttpSystems}). A valid answer is published as {@link SystemAnswered}.
 */
@RestController
@Tag(name = "Connections", description = "The company's systems where customers' data lives, and how to reach them")
class CallbacksApi {
    private static final Set<String> STEPS = Set.of("collect", "erase", "rectify", "restrict");

    private final ConnectionStore store;
    private final ConnectionRegistry connections;
    private final HttpSystems http;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    CallbacksApi(
            ConnectionStore store,
            ConnectionRegistry connections,
            HttpSystems http,
            ObjectMapper json,
            ApplicationEventPublisher events,
            TransactionTemplate transactions) {
        this.store = store;
        this.connections = connections;
        this.http = http;
        this.json = json;
        this.events = events;
        this.transactions = transactions;
    }

    @PostMapping("/api/v1/connections/{key}/callbacks/{requestId}")
    @Operation(
            summary = "An HTTP system's later answer to a step",
            description = "Body: {step: collect|erase|rectify|restrict, records?: [{collection, dataCategories?,"
                    + " rows}], rowsChanged?, detail?}, signed in the Custodia-Signature header with the connection's"
                    + " secret.")
    @ApiResponse(responseCode = "204", description = "The answer was taken")
    @ApiResponse(responseCode = "400", description = "The body is not an answer")
    @ApiResponse(responseCode = "401", description = "No connection of that key signed this body")
    ResponseEntity<?> answer(
            @PathVariable String key,
            @PathVariable String requestId,
            @RequestHeader(name = HttpSystems.SIGNATURE_HEADER, required = false) @Nullable String signature,
            @RequestBody(required = false) byte @Nullable [] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        Connection signer = null;
        for (Connection candidate : store.enabledHttp(key)) {
            String secret = connections.secret(candidate).orElse(null);
            if (secret != null && http.verifies(signature, secret, bytes)) {
                signer = candidate;
                break;
            }
        }
        if (signer == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED, "No connection " + key + " signed this body");
            problem.setType(ProblemTypes.UNAUTHENTICATED);
            problem.setTitle("Unauthenticated");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        String step;
        try {
            JsonNode root = json.readTree(bytes);
            step = root.path("step").asString("");
        } catch (JacksonException e) {
            throw InvalidInputException.of("body", "is not readable JSON");
        }
        if (!STEPS.contains(step)) {
            throw InvalidInputException.of("step", "must be collect, erase, rectify or restrict");
        }
        StepOutcome outcome = http.answer(signer.key(), bytes, "collect".equals(step));
        SystemAnswered answered =
                new SystemAnswered(signer.entity(), signer.key(), requestId, step, outcome.records(), outcome.detail());
        // In a transaction, so that listeners bound to commits (application module listeners) receive it.
        transactions.executeWithoutResult(status -> events.publishEvent(answered));
        return ResponseEntity.noContent().build();
    }
}
