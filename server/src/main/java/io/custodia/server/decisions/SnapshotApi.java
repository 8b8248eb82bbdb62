package io.custodia.server.decisions;

import io.custodia.core.InvalidInputException;
import io.custodia.core.decision.Snapshot;
import io.custodia.server.identity.ServiceCaller;
import io.custodia.server.identity.Staff;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The binary snapshot a replica starts from: one entity's policy and every customer's consent states and flags, at a
 * feed position to follow the changes feed after (the format is {@link Snapshot}'s). Streamed: the customers are read
 * from PostgreSQL and written as they come.
 */
@RestController
@Tag(name = "Changes feed", description = "Every change decision replicas apply, in commit order")
@PreAuthorize("hasAnyRole('DPO','ENGINEER','AUDITOR') or hasAuthority('SCOPE_feed:read')")
class SnapshotApi {

    private final SnapshotSource source;
    private final Staff staff;

    SnapshotApi(SnapshotSource source, Staff staff) {
        this.source = source;
        this.staff = staff;
    }

    @GetMapping(path = "/api/v1/changes/snapshot", produces = "application/octet-stream")
    @Operation(
            summary = "One entity's replica state at a feed position: its policy, every customer's consent states"
                    + " and flags (binary; follow the feed after the position it names)")
    ResponseEntity<StreamingResponseBody> snapshot(@RequestParam(required = false) @Nullable String entity) {
        String code = entity != null && !entity.isBlank()
                ? entity.strip()
                : staff.service().map(ServiceCaller::entityCode).orElse(null);
        if (code == null) {
            throw InvalidInputException.of("entity", "is required");
        }
        staff.requireEntity(code);
        SnapshotSource.Prepared prepared = source.prepare(code);
        return ResponseEntity.ok()
                .header("Content-Type", "application/octet-stream")
                .header("Custodia-Feed-Position", Long.toString(prepared.position()))
                .body(out -> {
                    try {
                        source.write(prepared, out);
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                });
    }
}
