package io.custodia.server.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Obligations;
import io.custodia.core.decision.Question;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.identity.ServiceCaller;
import io.custodia.server.identity.Staff;
import io.custodia.server.subjects.SubjectIdentifier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;

/**
 * Decisions over HTTP: may this use of a customer's data go ahead, now? For staff and for service tokens with
 * {@code decisions:read}. Every denial carries its reason code and a message a DPO understands.
 */
@RestController
@Tag(
        name = "Decisions",
        description = "Ask before using a customer's data: one decision, a batch, or the audience of a purpose."
                + " Answered from the server's replica, which already holds every write this server acknowledged.")
@PreAuthorize(DecisionsApi.CALLERS)
class DecisionsApi {
    static final String CALLERS = "hasAuthority('" + Staff.AUTHORITY + "') or hasAuthority('SCOPE_decisions:read')";
    /** The most questions one batch may hold. */
    static final int MAX_BATCH = 10_000;
    /** The most candidates one audience request may name. */
    static final int MAX_CANDIDATES = 100_000;

    private static final int MAX_QUESTIONS = 10_000;

    private final Decisions decisions;
    private final Staff staff;
    private final ObjectMapper json;
    // Compiled questions are reused: a question compiles once per policy, then decides without allocating.
    private final Map<QuestionKey, Question> questions = new ConcurrentHashMap<>();

    DecisionsApi(Decisions decisions, Staff staff, ObjectMapper json) {
        this.json = json;
        this.decisions = decisions;
        this.staff = staff;
    }

    /**
     * A customer: their Custodia id, or one of their identifiers.
     *
     * @param id the customer's Custodia id (as the consent and subjects endpoints give it)
     * @param scheme {@code customer_id}, {@code email}, {@code phone} or {@code device_id}
     * @param value the identifier
     */
    record SubjectRef(
            @Nullable String id,
            @Nullable String scheme,
            @Nullable String value) {}

    /**
     * A question about one customer.
     *
     * @param entity the entity that holds the customer; a service token's entity when left out
     * @param purpose the purpose's key
     * @param dataCategories the data categories to be used; absent or empty for all the activity declares
     * @param recipient the recipient (a key of the entity's register) the data go to; absent when they stay in
     * @param jurisdiction the jurisdiction to decide under; an entity decides under its own, so this may only name it
     * @param gpc whether the request is made for a browser that sends a Global Privacy Control signal
     */
    record DecisionRequest(
            @Nullable SubjectRef subject,
            @Schema(example = "FR") @Nullable String entity,

            @Schema(example = "marketing.personalised_offers") @Nullable
            String purpose,

            @Nullable List<String> dataCategories,
            @Nullable String recipient,
            @Nullable String jurisdiction,
            @Nullable Boolean gpc) {}

    /** Several questions, answered in order. */
    record BatchRequest(@Nullable List<DecisionRequest> requests) {}

    /**
     * Which customers may be used for a purpose.
     *
     * @param subjects the candidates; absent for every customer of the entity (answered as a stream)
     */
    record AudienceRequest(
            @Nullable String entity,
            @Nullable String purpose,
            @Nullable List<String> dataCategories,
            @Nullable String recipient,
            @Nullable Boolean gpc,
            @Nullable List<SubjectRef> subjects) {}

    /** The allowed candidates, as the request named them, in its order. */
    record AudienceAnswer(String entity, String purpose, int count, List<SubjectRef> subjects) {}

    /**
     * An answer.
     *
     * @param effect {@code ALLOW} or {@code DENY}
     * @param reason for a denial, the first check that failed, e.g. {@code no_consent}
     * @param message the answer in words
     * @param obligations for an allowed use, what the service must do: the activity that allows it, the retention
     *     horizon, the categories to mask, whether to pseudonymise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DecisionView(String effect, @Nullable String reason, String message, Map<String, Object> obligations) {}

    @PostMapping("/api/v1/decisions")
    @Operation(summary = "Decide whether a use of a customer's data may go ahead now")
    DecisionView decide(
            @RequestBody DecisionRequest request,
            @RequestHeader(value = "Sec-GPC", required = false) @Nullable String gpcHeader) {
        List<FieldError> errors = new ArrayList<>();
        Parsed parsed = parse(request, "", gpcHeader, errors);
        if (parsed == null) {
            throw new InvalidInputException("The decision request has invalid fields", errors);
        }
        Decision decision = decisions.decide(parsed.entity(), parsed.subjectId(), parsed.question());
        return view(parsed.entity(), decision);
    }

    @PostMapping(path = "/api/v1/decisions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Decide about many uses at once; answers come in the order asked",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = BatchRequest.class))))
    ResponseEntity<StreamingResponseBody> decideAll(
            HttpServletRequest http, @RequestHeader(value = "Sec-GPC", required = false) @Nullable String gpcHeader)
            throws IOException {
        List<@Nullable DecisionRequest> requests = BatchCodec.read(json, http.getInputStream());
        if (requests.isEmpty()) {
            throw InvalidInputException.of("requests", "is required and holds 1 to " + MAX_BATCH + " requests");
        }
        if (requests.size() > MAX_BATCH) {
            throw InvalidInputException.of(
                    "requests", "holds at most " + MAX_BATCH + " requests, got " + requests.size());
        }
        List<FieldError> errors = new ArrayList<>();
        Parsed[] parsed = new Parsed[requests.size()];
        // Batches mostly ask one question about many customers: a request asking what the previous one asked reuses
        // its question and only names another customer.
        DecisionRequest previous = null;
        Parsed previousParsed = null;
        for (int at = 0; at < requests.size(); at++) {
            DecisionRequest request = requests.get(at);
            if (request == null) {
                errors.add(new FieldError("requests[" + at + "]", "is required"));
            } else if (previousParsed != null && previous != null && sameQuestion(request, previous)) {
                SubjectRef ref = request.subject();
                int index = at;
                UUID subject = null;
                if (ref == null) {
                    errors.add(new FieldError("requests[" + at + "].subject", "is required: {id} or {scheme, value}"));
                } else {
                    subject = subject(previousParsed.entity(), ref, () -> "requests[" + index + "].subject", errors);
                }
                parsed[at] = new Parsed(previousParsed.entity(), subject, previousParsed.question());
            } else {
                parsed[at] = parse(request, "requests[" + at + "].", gpcHeader, errors);
                previous = request;
                previousParsed = parsed[at];
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("Some requests of the batch have invalid fields", errors);
        }
        // One view of the replica per entity: grouped by entity, answered in the order asked. The engine shares its
        // answers, so each distinct one is put in words once.
        DecisionView[] views = new DecisionView[parsed.length];
        Map<String, List<Integer>> byEntity = new LinkedHashMap<>();
        for (int at = 0; at < parsed.length; at++) {
            byEntity.computeIfAbsent(parsed[at].entity(), code -> new ArrayList<>())
                    .add(at);
        }
        byEntity.forEach((entity, positions) -> {
            Decisions.Ask[] asks = new Decisions.Ask[positions.size()];
            for (int i = 0; i < asks.length; i++) {
                Parsed one = parsed[positions.get(i)];
                asks[i] = new Decisions.Ask(one.subjectId(), one.question());
            }
            Decision[] answers = decisions.decideAll(entity, asks);
            Map<Decision, DecisionView> worded = new IdentityHashMap<>();
            for (int i = 0; i < asks.length; i++) {
                views[positions.get(i)] = worded.computeIfAbsent(answers[i], answer -> view(entity, answer));
            }
        });
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(out -> BatchCodec.write(json, views, out));
    }

    @PostMapping("/api/v1/audiences")
    @Operation(
            summary = "Which customers may be used for a purpose: among the candidates given, or every customer of"
                    + " the entity (streamed)")
    ResponseEntity<StreamingResponseBody> audience(
            @RequestBody AudienceRequest request,
            @RequestHeader(value = "Sec-GPC", required = false) @Nullable String gpcHeader) {
        List<FieldError> errors = new ArrayList<>();
        String entity = entity(request.entity(), "", errors);
        Question question = question(
                entity,
                request.purpose(),
                request.dataCategories(),
                request.recipient(),
                gpc(request.gpc(), gpcHeader),
                "",
                errors);
        List<SubjectRef> candidates = request.subjects();
        if (candidates != null && candidates.size() > MAX_CANDIDATES) {
            errors.add(new FieldError(
                    "subjects", "holds at most " + MAX_CANDIDATES + " customers, got " + candidates.size()));
        }
        List<@Nullable UUID> ids = new ArrayList<>();
        if (candidates != null && errors.isEmpty() && entity != null) {
            for (int at = 0; at < candidates.size(); at++) {
                int index = at;
                ids.add(subject(entity, candidates.get(at), () -> "subjects[" + index + "]", errors));
            }
        }
        if (!errors.isEmpty() || entity == null || question == null) {
            throw new InvalidInputException("The audience request has invalid fields", errors);
        }
        String purpose = question.purpose().value();
        if (candidates != null) {
            Decisions.Ask[] asks = new Decisions.Ask[ids.size()];
            for (int at = 0; at < asks.length; at++) {
                asks[at] = new Decisions.Ask(ids.get(at), question);
            }
            Decision[] answers = decisions.decideAll(entity, asks);
            List<SubjectRef> allowed = new ArrayList<>();
            for (int at = 0; at < answers.length; at++) {
                if (answers[at].allowed()) {
                    allowed.add(candidates.get(at));
                }
            }
            AudienceAnswer answer = new AudienceAnswer(entity, purpose, allowed.size(), allowed);
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(out -> json.writeValue(out, answer));
        }
        // Every customer: decided at once (the bitmaps make that fast), then written as they come.
        List<UUID> everyone = new ArrayList<>();
        int count = decisions.audience(entity, question, everyone::add);
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            writer.write("{\"entity\":\"" + entity + "\",\"purpose\":\"" + purpose + "\",\"count\":" + count
                    + ",\"subjects\":[");
            for (int at = 0; at < everyone.size(); at++) {
                writer.write(at == 0 ? "{\"id\":\"" : ",{\"id\":\"");
                writer.write(everyone.get(at).toString());
                writer.write("\"}");
            }
            writer.write("]}");
            writer.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** A customer's Custodia id, which replicas decide by. */
    record SubjectIdAnswer(UUID id) {}

    @GetMapping("/api/v1/decisions/subject")
    @PreAuthorize(CALLERS + " or hasAuthority('SCOPE_feed:read')")
    @Operation(
            summary = "The Custodia id of a customer named by an identifier, for a service's replica to decide by"
                    + " (404 when the entity has no such customer)")
    SubjectIdAnswer subjectId(
            @RequestParam(required = false) @Nullable String scheme,
            @RequestParam(required = false) @Nullable String value,
            @RequestParam(required = false) @Nullable String entity) {
        List<FieldError> errors = new ArrayList<>();
        String code = entity(entity, "", errors);
        SubjectIdentifier identifier = SubjectIdentifier.parse("", scheme, value, errors);
        if (!errors.isEmpty() || code == null || identifier == null) {
            throw new InvalidInputException("The customer cannot be looked up", errors);
        }
        return decisions
                .subjectOf(code, identifier)
                .map(SubjectIdAnswer::new)
                .orElseThrow(() -> new NotFoundException("Entity " + code + " has no such customer"));
    }

    @ExceptionHandler(ReplicaBehindException.class)
    ResponseEntity<ProblemDetail> behind(ReplicaBehindException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Decisions are catching up");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A request understood: its entity, customer (null when unknown to the entity) and compiled question. */
    private record Parsed(String entity, @Nullable UUID subjectId, Question question) {}

    private @Nullable Parsed parse(
            DecisionRequest request, String prefix, @Nullable String gpcHeader, List<FieldError> errors) {
        int before = errors.size();
        String entity = entity(request.entity(), prefix, errors);
        if (entity != null
                && request.jurisdiction() != null
                && !request.jurisdiction().isBlank()) {
            // The entity decides under its own jurisdiction; naming another is a mistake worth reporting.
            String own = decisions.jurisdictionOf(entity);
            if (!own.equalsIgnoreCase(request.jurisdiction().strip())) {
                errors.add(new FieldError(
                        prefix + "jurisdiction",
                        "entity " + entity + " decides under " + own + "; leave it out or name " + own));
            }
        }
        Question question = question(
                entity,
                request.purpose(),
                request.dataCategories(),
                request.recipient(),
                gpc(request.gpc(), gpcHeader),
                prefix,
                errors);
        UUID subject = null;
        if (request.subject() == null) {
            errors.add(new FieldError(prefix + "subject", "is required: {id} or {scheme, value}"));
        } else if (entity != null) {
            subject = subject(entity, request.subject(), () -> prefix + "subject", errors);
        }
        if (errors.size() > before || entity == null || question == null) {
            return null;
        }
        return new Parsed(entity, subject, question);
    }

    private static boolean sameQuestion(DecisionRequest one, DecisionRequest other) {
        return Objects.equals(one.entity(), other.entity())
                && Objects.equals(one.purpose(), other.purpose())
                && Objects.equals(one.dataCategories(), other.dataCategories())
                && Objects.equals(one.recipient(), other.recipient())
                && Objects.equals(one.jurisdiction(), other.jurisdiction())
                && Objects.equals(one.gpc(), other.gpc());
    }

    private @Nullable String entity(@Nullable String entity, String prefix, List<FieldError> errors) {
        if (entity != null && !entity.isBlank()) {
            return entity.strip();
        }
        String implied = staff.service().map(ServiceCaller::entityCode).orElse(null);
        if (implied == null) {
            errors.add(new FieldError(prefix + "entity", "is required"));
        }
        return implied;
    }

    private static boolean gpc(@Nullable Boolean field, @Nullable String header) {
        return Boolean.TRUE.equals(field) || "1".equals(header == null ? null : header.strip());
    }

    private @Nullable Question question(
            @Nullable String entity,
            @Nullable String purpose,
            @Nullable List<String> dataCategories,
            @Nullable String recipient,
            boolean gpc,
            String prefix,
            List<FieldError> errors) {
        boolean valid = true;
        if (purpose == null || purpose.isBlank()) {
            errors.add(new FieldError(prefix + "purpose", "is required, e.g. marketing.personalised_offers"));
            valid = false;
        } else if (!TermKey.isValid(purpose.strip())) {
            errors.add(new FieldError(prefix + "purpose", "is not a purpose key: " + purpose));
            valid = false;
        }
        Set<String> categories = new LinkedHashSet<>();
        if (dataCategories != null) {
            for (int at = 0; at < dataCategories.size(); at++) {
                String category = dataCategories.get(at);
                if (category == null || !TermKey.isValid(category.strip())) {
                    errors.add(new FieldError(
                            prefix + "dataCategories[" + at + "]", "is not a data category key: " + category));
                    valid = false;
                } else {
                    categories.add(category.strip());
                }
            }
        }
        String to = recipient == null || recipient.isBlank() ? null : recipient.strip();
        if (!valid || entity == null || purpose == null) {
            return null;
        }
        QuestionKey key = new QuestionKey(entity, purpose.strip(), Set.copyOf(categories), to, gpc);
        Question known = questions.get(key);
        if (known != null) {
            return known;
        }
        Set<TermKey> keys = new LinkedHashSet<>();
        categories.forEach(category -> keys.add(TermKey.of(category)));
        Question fresh = Question.of(TermKey.of(key.purpose()), keys, to).withGpc(gpc);
        if (questions.size() >= MAX_QUESTIONS) {
            questions.clear();
        }
        questions.put(key, fresh);
        return fresh;
    }

    private record QuestionKey(
            String entity,
            String purpose,
            Set<String> categories,
            @Nullable String recipient,
            boolean gpc) {}

    /** @param field the name of the request's field, made only when an error names it */
    private @Nullable UUID subject(String entity, SubjectRef ref, Supplier<String> field, List<FieldError> errors) {
        if (ref.id() != null && !ref.id().isBlank()) {
            try {
                return UUID.fromString(ref.id().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field.get() + ".id", "is not a Custodia subject id (a UUID): " + ref.id()));
                return null;
            }
        }
        SubjectIdentifier identifier = SubjectIdentifier.parse(field.get(), ref.scheme(), ref.value(), errors);
        return identifier == null
                ? null
                : decisions.subjectOf(entity, identifier).orElse(null);
    }

    private DecisionView view(String entity, Decision decision) {
        if (decision instanceof Decision.Deny deny) {
            return new DecisionView("DENY", deny.reason().code(), deny.message(), Map.of());
        }
        Obligations obligations = ((Decision.Allow) decision).obligations();
        String activity = decisions.activityName(entity, obligations.activity());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("activity", obligations.activity());
        body.put("activityName", activity);
        if (obligations.retention() != null) {
            body.put("retention", obligations.retention().toString());
        }
        body.put("mask", obligations.mask().stream().map(TermKey::value).toList());
        body.put("pseudonymise", obligations.pseudonymise());
        return new DecisionView("ALLOW", null, "Allowed under the activity '" + activity + "'.", body);
    }
}
