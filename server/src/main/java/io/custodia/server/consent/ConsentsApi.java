package io.custodia.server.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.server.identity.ServiceCaller;
import io.custodia.server.identity.Staff;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The consent ledger over HTTP. */
@RestController
@RequestMapping("/api/v1/consents")
@Tag(
        name = "Consents",
        description = "Customers' choices per purpose: record them, read the current state and the timeline."
                + " Staff with the DPO, privacy officer or support agent role record a choice as the agent who took"
                + " it; a service token with consent:write records the customer's own choices for its entity, and"
                + " consent:read reads them. A request carrying Sec-GPC: 1 has the signal recorded and applied"
                + " as the entity's jurisdiction says.")
class ConsentsApi {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";
    static final String JSONL = "application/jsonl";

    private final ConsentLedger ledger;
    private final Origins origins;
    private final Staff staff;

    ConsentsApi(ConsentLedger ledger, Origins origins, Staff staff) {
        this.ledger = ledger;
        this.origins = origins;
        this.staff = staff;
    }

    /** Several choices, each with its own idempotency key. */
    record Batch(@Nullable List<ConsentRequest> events) {}

    /** The answers to a batch, in the order of its events. */
    record BatchAnswer(List<BatchResult> results) {}

    /**
     * One answer of a batch.
     *
     * @param replayed true when the event had been recorded by an earlier request with the same key
     */
    record BatchResult(
            UUID eventId,
            String receiptUrl,
            PurposeState state,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean superseded,
            boolean replayed) {
        static BatchResult of(RecordedConsent recorded) {
            return new BatchResult(
                    recorded.eventId(),
                    recorded.receiptUrl(),
                    recorded.state(),
                    recorded.superseded(),
                    recorded.replayed());
        }
    }

    @PostMapping
    @PreAuthorize(ConsentLedger.WRITERS)
    @Operation(
            summary = "Record a customer's choice about a purpose",
            description = "Answers 201 with the event, its receipt and the state after it. The Idempotency-Key"
                    + " header (1 to 200 visible ASCII characters) is required: the same key with the same request"
                    + " records nothing and answers 200 with the first answer again and the header"
                    + " Idempotent-Replayed: true; the same key with another request answers 409. An unknown"
                    + " customer is registered (a consent may be the first contact). Every broken rule answers 400"
                    + " naming its field, and nothing is stored.")
    ResponseEntity<RecordedConsent> record(
            @Parameter(description = "makes a retry safe; unique per entity")
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    @Nullable
                    String idempotencyKey,
            @RequestBody ConsentRequest request,
            HttpServletRequest http) {
        RecordedConsent recorded = ledger.record(
                request.withIdempotencyKey(idempotencyKey), origins.of(http, "POST /api/v1/consents", true));
        if (recorded.replayed()) {
            return ResponseEntity.ok().header(REPLAYED, "true").body(recorded);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(recorded);
    }

    @PostMapping("/batch")
    @PreAuthorize(ConsentLedger.WRITERS)
    @Operation(
            summary = "Record several choices, all or nothing",
            description = "Each event carries its own idempotencyKey. Answers 200 with one result per event, in"
                    + " order; replayed is true for an event an earlier request recorded. One broken rule anywhere"
                    + " answers 400 naming events[i].field, one key reused for another request answers 409, and"
                    + " then nothing is stored. At most " + ConsentLedger.MAX_BATCH + " events.")
    BatchAnswer batch(@RequestBody Batch batch, HttpServletRequest http) {
        if (batch.events() == null) {
            throw InvalidInputException.of("events", "the list of events is required");
        }
        List<RecordedConsent> recorded =
                ledger.recordAll(batch.events(), origins.of(http, "POST /api/v1/consents/batch", true));
        return new BatchAnswer(recorded.stream().map(BatchResult::of).toList());
    }

    @PostMapping(
            path = "/import",
            consumes = {CSV, NDJSON, JSONL})
    @PreAuthorize(ConsentLedger.WRITERS)
    @Operation(
            summary = "Import a file of consents collected elsewhere, all or nothing",
            description = "The body is the file: text/csv with a header row (columns scheme, value, purpose, action,"
                    + " noticeVersion, clientTime, dataCategories separated by |, recipient, idempotencyKey, page,"
                    + " promptId, deviceId; the first five required) or application/x-ndjson with one consent per line"
                    + " as the JSON of POST /api/v1/consents. Every line is checked with the rules of POST"
                    + " /api/v1/consents and recorded on the channel import, the caller as agent, in one transaction."
                    + " Answers 201 with the summary. A bad line answers 400 whose errors name 'line N: field' (at"
                    + " most " + ConsentImports.MAX_ERRORS + "), and nothing is stored. The same file (same SHA-256)"
                    + " imported again records nothing and answers 200 with the first summary and"
                    + " Idempotent-Replayed: true. Receipts of imported events are signed on first request.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @Content(mediaType = CSV, schema = @Schema(type = "string")),
                                @Content(mediaType = NDJSON, schema = @Schema(type = "string"))
                            }))
    ResponseEntity<ImportSummary> importFile(
            @RequestParam(required = false) @Nullable String entity, HttpServletRequest http) throws IOException {
        entity = impliedEntity(entity);
        if (entity == null || entity.isBlank()) {
            throw InvalidInputException.of("entity", "the entity code is required, such as FR");
        }
        MediaType type = MediaType.parseMediaType(Objects.requireNonNullElse(http.getContentType(), CSV));
        String format = type.isCompatibleWith(MediaType.parseMediaType(CSV)) ? "csv" : "jsonl";
        ImportSummary summary = ledger.importConsents(
                entity.strip(), format, http.getInputStream(), origins.of(http, "POST /api/v1/consents/import", false));
        if (summary.replayed()) {
            return ResponseEntity.ok().header(REPLAYED, "true").body(summary);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(summary);
    }

    @GetMapping
    @Operation(
            summary = "A customer's current state per purpose",
            description = "One entry per purpose of the entity's active activities processed on consent, legitimate"
                    + " interest or public task. An identifier that names no customer answers like a customer who"
                    + " never chose (every status none), so the answer never tells whether someone is a customer.")
    List<PurposeState> states(
            @RequestParam(required = false) @Nullable String scheme,
            @RequestParam(required = false) @Nullable String value,
            @RequestParam(required = false) @Nullable String entity,
            HttpServletRequest http) {
        Query query = Query.of(scheme, value, impliedEntity(entity));
        return ledger.states(
                query.entity(), query.scheme(), query.value(), origins.of(http, "GET /api/v1/consents", true));
    }

    @GetMapping("/events")
    @Operation(
            summary = "A customer's consent timeline, oldest first",
            description = "Every event with its notice, channel, actor and receipt; empty for an identifier that"
                    + " names no customer.")
    List<LedgerEntry> events(
            @RequestParam(required = false) @Nullable String scheme,
            @RequestParam(required = false) @Nullable String value,
            @RequestParam(required = false) @Nullable String entity,
            HttpServletRequest http) {
        Query query = Query.of(scheme, value, impliedEntity(entity));
        return ledger.timeline(
                query.entity(), query.scheme(), query.value(), origins.of(http, "GET /api/v1/consents/events", true));
    }

    /** The entity asked for; a service token bound to one entity implies it when the request leaves it out. */
    private @Nullable String impliedEntity(@Nullable String entity) {
        if (entity != null && !entity.isBlank()) {
            return entity;
        }
        return staff.service().map(ServiceCaller::entityCode).orElse(entity);
    }

    /** The customer a read is about. */
    private record Query(String scheme, String value, String entity) {
        static Query of(@Nullable String scheme, @Nullable String value, @Nullable String entity) {
            List<FieldError> errors = new ArrayList<>();
            if (scheme == null || scheme.isBlank()) {
                errors.add(new FieldError("scheme", "is required: customer_id, email, phone or device_id"));
            }
            if (value == null || value.isBlank()) {
                errors.add(new FieldError("value", "is required"));
            }
            if (entity == null || entity.isBlank()) {
                errors.add(new FieldError("entity", "the entity code is required, such as FR"));
            }
            if (!errors.isEmpty() || scheme == null || value == null || entity == null) {
                throw new InvalidInputException("The customer to look up is not named", errors);
            }
            return new Query(scheme, value, entity.strip());
        }
    }
}
