package io.custodia.server.register;

import io.custodia.core.InvalidInputException;
import io.custodia.core.register.ActivityStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Processing activities over HTTP. */
@RestController
@RequestMapping("/api/v1/activities")
@Tag(name = "Register", description = "The register of processing activities (GDPR Art. 30)")
class ActivitiesApi {
    static final String WRITERS = "hasAnyRole('DPO','PRIVACY_OFFICER')";

    private final Register register;

    ActivitiesApi(Register register) {
        this.register = register;
    }

    /** A status change with its reason. */
    record StatusChange(@Nullable String status, @Nullable String reason) {}

    @GetMapping
    @Operation(summary = "List the activities of the entities you may see; every filter is optional")
    List<ActivityView> list(
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(required = false) @Nullable String status,
            @Parameter(description = "a purpose key the activity declares") @RequestParam(required = false) @Nullable
                    String purpose,
            @RequestParam(required = false) @Nullable String dataCategory,
            @RequestParam(required = false) @Nullable String recipient,
            @Parameter(description = "words in the activity's name") @RequestParam(required = false) @Nullable
                    String q) {
        String statusKey = status == null || status.isBlank()
                ? null
                : ActivityStatus.of("status", status).key();
        return register.activities(new ActivityFilter(
                blankToNull(entity),
                statusKey,
                blankToNull(purpose),
                blankToNull(dataCategory),
                blankToNull(recipient),
                blankToNull(q)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One activity; its ETag is its version, and warnings list what it lacks to be active")
    ResponseEntity<ActivityView> get(@PathVariable UUID id) {
        return withVersion(HttpStatus.OK, register.activity(id));
    }

    @PostMapping
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Record an activity",
            description = "Saved as a draft unless status is active. A draft may lack fields (reported as warnings);"
                    + " unknown keys and malformed values answer 400 and store nothing.")
    ResponseEntity<ActivityView> create(@RequestBody ActivityRequest request) {
        if (request.entity() == null || request.entity().isBlank()) {
            throw InvalidInputException.of("entity", "the entity code is required");
        }
        ActivityStatus status =
                request.status() == null ? ActivityStatus.DRAFT : ActivityStatus.of("status", request.status());
        ActivityView created = register.create(request.entity(), request.draft(), status);
        return withVersion(HttpStatus.CREATED, created);
    }

    @PutMapping("/{id}")
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Replace an activity's content",
            description = "Give the version you edited as If-Match or in the version field; 409 when it is stale."
                    + " The status is changed with POST /{id}/status.")
    ResponseEntity<ActivityView> update(
            @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
            @RequestBody ActivityRequest request) {
        long version = expectedVersion(ifMatch, request.version());
        return withVersion(HttpStatus.OK, register.update(id, request.draft(), version));
    }

    @PostMapping("/{id}/status")
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Change an activity's status",
            description = "draft → active, active → halted, halted → active, any → retired; retired is final (409)."
                    + " Activating needs a complete activity (400 lists what is missing).")
    ResponseEntity<ActivityView> changeStatus(@PathVariable UUID id, @RequestBody StatusChange change) {
        if (change.status() == null) {
            throw InvalidInputException.of("status", "the new status is required");
        }
        ActivityStatus status = ActivityStatus.of("status", change.status());
        return withVersion(
                HttpStatus.OK, register.changeStatus(id, status, change.reason() == null ? "" : change.reason()));
    }

    private static long expectedVersion(@Nullable String ifMatch, @Nullable Long version) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            String tag = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
            try {
                return Long.parseLong(tag);
            } catch (NumberFormatException e) {
                throw InvalidInputException.of("If-Match", "must be the activity's ETag, e.g. \"3\"");
            }
        }
        if (version == null) {
            throw InvalidInputException.of(
                    "version", "give the version you edited (the version field or an If-Match header)");
        }
        return version;
    }

    private static ResponseEntity<ActivityView> withVersion(HttpStatus status, ActivityView activity) {
        return ResponseEntity.status(status)
                .eTag("\"" + activity.version() + "\"")
                .body(activity);
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
