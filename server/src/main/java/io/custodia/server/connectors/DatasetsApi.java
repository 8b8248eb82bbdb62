package io.custodia.server.connectors;

import io.custodia.core.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The datasets of connections over HTTP: registration from a Custodia or fideslang file, and the lists. The
 * register's catalog answers the plain {@code GET /api/v1/datasets} and JSON posts to the same path.
 */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Connections", description = "The company's systems where customers' data lives, and how to reach them")
@PreAuthorize(ConnectionsApi.READERS)
class DatasetsApi {
    private static final String YAML = "application/yaml";

    private final ConnectionRegistry connections;
    private final DatasetRegistry datasets;

    DatasetsApi(ConnectionRegistry connections, DatasetRegistry datasets) {
        this.connections = connections;
        this.datasets = datasets;
    }

    @PostMapping(consumes = {YAML, "application/x-yaml", "text/yaml", "text/x-yaml", MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize(ConnectionsApi.KEEPERS)
    @Operation(
            summary = "Register the dataset of a connection",
            description = "The body is a Custodia dataset file, or with format=fideslang a fideslang dataset file,"
                    + " holding one dataset. It replaces the connection's dataset. Refused (400, nothing stored) when"
                    + " a data category is not in the entity's taxonomy, a reference points nowhere, or a collection"
                    + " holding personal data is reached by no identity field and no reference; other findings come"
                    + " back as warnings.")
    @ApiResponse(responseCode = "200", description = "The dataset's collections, fields, identities and warnings")
    @ApiResponse(responseCode = "400", description = "Errors, each under its path in the file or its address")
    @ApiResponse(responseCode = "404", description = "No such connection in your entities")
    @ApiResponse(responseCode = "409", description = "Another connection of the entity has a dataset of that key")
    DatasetRegistry.Summary register(
            @RequestParam String connection,
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(required = false) @Nullable String format,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The YAML file",
                            content = @Content(mediaType = YAML, schema = @Schema(type = "string")))
                    @RequestBody(required = false)
                    @Nullable
                    String yaml) {
        String chosen =
                format == null || format.isBlank() ? "custodia" : format.strip().toLowerCase(Locale.ROOT);
        if (!chosen.equals("custodia") && !chosen.equals("fideslang")) {
            throw InvalidInputException.of("format", "must be custodia or fideslang");
        }
        if (yaml == null || yaml.isBlank()) {
            throw InvalidInputException.of("body", "is empty: send the dataset file");
        }
        return datasets.register(connections.visibleByKey(connection, entity), chosen, yaml);
    }

    // A plain GET /api/v1/datasets is the register's catalog of datasets (metadata, no connection): these two are
    // told apart from it by their query parameters.
    @GetMapping(params = "source=connections")
    @Operation(summary = "The datasets registered for your entities' connections, by entity then key")
    List<DatasetRegistry.Summary> list() {
        return datasets.visible();
    }

    @GetMapping(params = "connection")
    @Operation(summary = "The dataset registered for one connection")
    @ApiResponse(responseCode = "404", description = "No such connection in your entities, or it has no dataset")
    DatasetRegistry.Summary get(
            @RequestParam String connection, @RequestParam(required = false) @Nullable String entity) {
        return datasets.summary(connections.visibleByKey(connection, entity));
    }
}
