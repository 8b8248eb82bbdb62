package io.custodia.server.register;

import io.custodia.core.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The register as files: exports for people, auditors and machines, and a YAML import. */
@RestController
@RequestMapping("/api/v1/register")
@Tag(name = "Register", description = "The register of processing activities (GDPR Art. 30)")
class RegisterFilesApi {
    private final RegisterFiles files;
    private final RegisterImport importer;

    RegisterFilesApi(RegisterFiles files, RegisterImport importer) {
        this.files = files;
        this.importer = importer;
    }

    @GetMapping("/export")
    @Operation(
            summary = "Export the Art. 30 register",
            description = "csv: one row per activity; json: one document per entity, the shape the import reads;"
                    + " jsonld: W3C DPV 2 JSON-LD; html: the printable report, in English or French (lang).")
    ResponseEntity<String> export(
            @Parameter(description = "csv, json, jsonld or html") @RequestParam(defaultValue = "json") String format,
            @Parameter(description = "one entity; all you may see when absent")
                    @RequestParam(required = false)
                    @Nullable
                    String entity,
            @Parameter(description = "en or fr, for html") @RequestParam(defaultValue = "en") String lang) {
        return files.export(format, entity, lang);
    }

    @PostMapping(
            value = "/import",
            consumes = {
                "application/yaml",
                "application/x-yaml",
                "text/yaml",
                MediaType.APPLICATION_JSON_VALUE,
                MediaType.TEXT_PLAIN_VALUE
            })
    @PreAuthorize(ActivitiesApi.WRITERS)
    @Operation(
            summary = "Import one entity's register from YAML",
            description = "entity, systems, recipients, datasets, activities (as in the JSON export). All or"
                    + " nothing: any error rolls everything back and is named by its path.")
    RegisterImportSummary importDocument(@RequestBody String document) {
        if (document.isBlank()) {
            throw InvalidInputException.of("document", "is empty");
        }
        return importer.load(RegisterImport.parse(document));
    }
}
