package io.custodia.server.notices;

import io.custodia.core.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Notices over HTTP. */
@RestController
@RequestMapping("/api/v1/notices")
@Tag(
        name = "Notices",
        description = "The texts shown to customers when their consent is asked: versioned, content-hashed,"
                + " immutable once published")
class NoticesApi {
    static final String WRITERS = "hasAnyRole('DPO','PRIVACY_OFFICER')";
    private static final String ENTITY = "The entity the notice belongs to";

    private final Notices notices;

    NoticesApi(Notices notices) {
        this.notices = notices;
    }

    /** A publication: whether the version changes the processing materially. */
    record Publication(
            @Schema(
                    description = "true when customers who consented under an earlier version must consent"
                            + " again; false for version 1",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Boolean material) {}

    @GetMapping
    @Operation(summary = "List the notices of the entities you may see, with their latest and published versions")
    List<NoticeSummary> list(
            @Parameter(description = "Only this entity") @RequestParam(required = false) @Nullable String entity) {
        return notices.notices(entity == null || entity.isBlank() ? null : entity.strip());
    }

    @PostMapping
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Create a notice with its first version as a draft",
            description = "The key looks like notice.marketing.offers. Each purpose must be in the entity's taxonomy"
                    + " and not explained by another notice of the entity. Texts in en and fr are required (title at"
                    + " most 200 characters, one line; body at most 20,000). 400 lists every broken rule and stores"
                    + " nothing; 409 when the key is taken.")
    ResponseEntity<NoticeView> create(
            @Parameter(description = ENTITY) @RequestParam(required = false) @Nullable String entity,
            @RequestBody NoticeRequest request) {
        String entityCode = required(request.entity() != null ? request.entity() : entity);
        String key = request.key() == null ? "" : request.key().strip();
        NoticeView created = notices.create(entityCode, key, request.draft());
        return ResponseEntity.created(location(created.entity(), created.key(), null))
                .body(created);
    }

    @GetMapping("/{key}")
    @Operation(summary = "One notice with all its versions")
    NoticeView get(
            @PathVariable String key,
            @Parameter(description = ENTITY) @RequestParam(required = false) @Nullable String entity) {
        return notices.notice(required(entity), key);
    }

    @PostMapping("/{key}/versions")
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Start the next version as a draft",
            description = "Without a body (or with an empty object) the draft is a copy of the latest version;"
                    + " with a body it has that content. 409 when the notice has a draft already.")
    ResponseEntity<NoticeVersionView> addDraft(
            @PathVariable String key,
            @Parameter(description = ENTITY) @RequestParam(required = false) @Nullable String entity,
            @RequestBody(required = false) @Nullable NoticeRequest request) {
        String entityCode = required(entity);
        NoticeVersionView draft = request == null || request.isEmpty()
                ? notices.addDraft(entityCode, key)
                : notices.addDraft(entityCode, key, request.draft());
        return ResponseEntity.created(location(entityCode, key, draft.version()))
                .body(draft);
    }

    @GetMapping("/{key}/versions/{version}")
    @Operation(summary = "One version of a notice, draft or published")
    NoticeVersionView version(
            @PathVariable String key,
            @PathVariable int version,
            @Parameter(description = ENTITY) @RequestParam(required = false) @Nullable String entity) {
        return notices.version(required(entity), key, version);
    }

    @PutMapping("/{key}/versions/{version}")
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Replace the content of a draft version",
            description = "The whole content is replaced. A published version never changes: 409; start a new"
                    + " version instead. Purposes of published versions must stay.")
    NoticeVersionView editDraft(
            @PathVariable String key,
            @PathVariable int version,
            @Parameter(description = ENTITY) @RequestParam(required = false) @Nullable String entity,
            @RequestBody NoticeRequest request) {
        return notices.editDraft(required(entity), key, version, request.draft());
    }

    @PostMapping("/{key}/versions/{version}/publish")
    @PreAuthorize(WRITERS)
    @Operation(
            summary = "Publish a draft version",
            description = "material: true when the version changes the processing materially, so that customers"
                    + " who consented under an earlier version must consent again. Version 1 cannot be material."
                    + " 409 when the version is published already.")
    NoticeVersionView publish(
            @PathVariable String key,
            @PathVariable int version,
            @Parameter(description = ENTITY) @RequestParam(required = false) @Nullable String entity,
            @RequestBody(required = false) @Nullable Publication publication) {
        String entityCode = required(entity);
        if (publication == null || publication.material() == null) {
            throw InvalidInputException.of(
                    "material", "say whether this version changes the processing materially: true or false");
        }
        return notices.publish(entityCode, key, version, publication.material());
    }

    private static URI location(String entity, String key, @Nullable Integer version) {
        return UriComponentsBuilder.fromPath(
                        version == null ? "/api/v1/notices/{key}" : "/api/v1/notices/{key}/versions/{version}")
                .queryParam("entity", "{entity}")
                .buildAndExpand(version == null ? new Object[] {key, entity} : new Object[] {key, version, entity})
                .encode()
                .toUri();
    }

    private static String required(@Nullable String entity) {
        if (entity == null || entity.isBlank()) {
            throw InvalidInputException.of("entity", "the entity code is required, e.g. ?entity=FR");
        }
        return entity.strip();
    }
}
