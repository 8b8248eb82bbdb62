package io.custodia.server.requests;

import io.custodia.core.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Data-subject requests over HTTP. */
@RestController
@RequestMapping("/api/v1/requests")
@Tag(
        name = "Data-subject requests",
        description = "Requests of access, portability, rectification, erasure, restriction and objection (GDPR Art."
                + " 15-21): file one, verify the requester when it came by e-mail, follow its tasks and timeline,"
                + " extend its deadline, fetch the package of an access request. Staff with the DPO, privacy officer"
                + " or support agent role file as the customer's agent; a service token with requests:write files"
                + " and follows requests of its entity.")
class RequestsApi {
    private final DataRequests requests;

    RequestsApi(DataRequests requests) {
        this.requests = requests;
    }

    /** The code a customer received by e-mail. */
    record Verification(@Nullable String code) {}

    /** Why a deadline is extended. */
    record Extension(@Nullable String reason) {}

    /** What a person did for a manual task. */
    record ManualCompletion(@Nullable String note) {}

    @PostMapping
    @Operation(
            summary = "File a data-subject request",
            description = "Answers 201 with the request: its id, status and legal due date (dueAt, the end of the due"
                    + " day in the entity's time zone). A request received by e-mail (channel email, subject named"
                    + " by email) is in status verifying: a one-time code was sent to the address, and nothing is"
                    + " done until POST /api/v1/requests/{id}/verify; the answer is the same whether or not the"
                    + " address is a customer's. Any other channel is verified by the caller and starts at once"
                    + " (in_progress). Filing the same type for the same customer while one is open answers the open"
                    + " one. A rectification gives values {dataCategory: newValue}. Too many codes for one address"
                    + " answer 429.")
    ResponseEntity<RequestView> file(@RequestBody NewRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(requests.file(request));
    }

    @GetMapping
    @Operation(
            summary = "List requests",
            description = "The requests of the entities the caller sees (or of one), open ones first by due date;"
                    + " open=true keeps only open ones. At most limit (default 100, at most 1000).")
    List<RequestView> list(
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(defaultValue = "false") boolean open,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw InvalidInputException.of("limit", "must be between 1 and 1000");
        }
        return requests.list(entity, open, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One request", description = "Its status, due date, tasks and timeline.")
    RequestView get(@PathVariable UUID id) {
        return requests.get(id);
    }

    @PostMapping("/{id}/verify")
    @Operation(
            summary = "Verify the requester with the code sent by e-mail",
            description = "A right code starts the work (status in_progress). A wrong one answers 400 naming code"
                    + " with the tries left; after the last try, or once the code expired, the request is refused"
                    + " and must be filed again.")
    RequestView verify(@PathVariable UUID id, @RequestBody Verification verification) {
        return requests.verify(id, Objects.requireNonNullElse(verification.code(), ""));
    }

    @PostMapping("/{id}/extension")
    @Operation(
            summary = "Extend the deadline",
            description = "By the further period the entity's jurisdiction allows (two months under the GDPR), once,"
                    + " while the request is open and within its first period; the reason is recorded and the"
                    + " customer is told. DPO and privacy officers.")
    RequestView extend(@PathVariable UUID id, @RequestBody Extension extension) {
        return requests.extend(id, Objects.requireNonNullElse(extension.reason(), ""));
    }

    @PostMapping("/{id}/tasks/{taskId}/complete")
    @Operation(
            summary = "Complete a manual task",
            description = "For a system Custodia cannot reach: a person did the step and says what they did (note)."
                    + " DPO and privacy officers.")
    RequestView complete(@PathVariable UUID id, @PathVariable UUID taskId, @RequestBody ManualCompletion completion) {
        return requests.completeManualTask(id, taskId, Objects.requireNonNullElse(completion.note(), ""));
    }

    @PostMapping("/{id}/tasks/{taskId}/retry")
    @Operation(summary = "Try a failed task again", description = "DPO and privacy officers.")
    RequestView retry(@PathVariable UUID id, @PathVariable UUID taskId) {
        return requests.retryTask(id, taskId);
    }

    @GetMapping("/{id}/package")
    @Operation(
            summary = "The package of an access or portability request",
            description = "format=json (default): every record found, by system, dataset and collection, each field"
                    + " with its data categories, and what the register says of each category. format=html: the same"
                    + " explained for a person, in the customer's language. 404 until the request is completed, and"
                    + " after the package expired.")
    ResponseEntity<String> resultPackage(@PathVariable UUID id, @RequestParam(defaultValue = "json") String format) {
        ResultPackage found = requests.packageOf(id, format(format));
        return download(found);
    }

    static ResultPackage.Format format(String format) {
        return switch (format) {
            case "json" -> ResultPackage.Format.JSON;
            case "html" -> ResultPackage.Format.HTML;
            default -> throw InvalidInputException.of("format", "must be json or html");
        };
    }

    static ResponseEntity<String> download(ResultPackage found) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(found.format().mediaType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(found.format().fileName(found.requestId()))
                                .build()
                                .toString())
                .body(found.body());
    }
}
