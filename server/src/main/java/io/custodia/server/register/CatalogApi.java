package io.custodia.server.register;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The systems, datasets and recipients that activities refer to, over HTTP. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Register", description = "The register of processing activities (GDPR Art. 30)")
class CatalogApi {
    private final Register register;

    CatalogApi(Register register) {
        this.register = register;
    }

    @GetMapping("/systems")
    @Operation(summary = "List the systems of the entities you may see")
    List<SystemEntry> systems(@RequestParam(required = false) @Nullable String entity) {
        return register.systems(entity);
    }

    @PostMapping("/systems")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ActivitiesApi.WRITERS)
    @Operation(summary = "Add a system; 409 when the entity has one with that key")
    SystemEntry createSystem(@RequestBody SystemEntry system) {
        return register.createSystem(system);
    }

    @GetMapping("/datasets")
    @Operation(summary = "List the datasets of the entities you may see")
    List<DatasetEntry> datasets(@RequestParam(required = false) @Nullable String entity) {
        return register.datasets(entity);
    }

    @PostMapping("/datasets")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ActivitiesApi.WRITERS)
    @Operation(summary = "Add a dataset (metadata); its system and data categories must exist")
    DatasetEntry createDataset(@RequestBody DatasetEntry dataset) {
        return register.createDataset(dataset);
    }

    @GetMapping("/recipients")
    @Operation(summary = "List the recipients of the entities you may see")
    List<RecipientEntry> recipients(@RequestParam(required = false) @Nullable String entity) {
        return register.recipients(entity);
    }

    @PostMapping("/recipients")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ActivitiesApi.WRITERS)
    @Operation(summary = "Add a recipient (processor, partner controller, authority)")
    RecipientEntry createRecipient(@RequestBody RecipientEntry recipient) {
        return register.createRecipient(recipient);
    }
}
