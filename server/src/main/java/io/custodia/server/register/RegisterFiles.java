package io.custodia.server.register;

import io.custodia.core.InvalidInputException;
import io.custodia.server.entities.Entities;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Answers an export request, from the API or the console, with the right file for the caller's scope. */
@Component
class RegisterFiles {
    /** The report needs its own inline print styles and nothing else. */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final Register register;
    private final RegisterExports exports;
    private final Entities entities;
    private final ObjectMapper json;

    RegisterFiles(Register register, RegisterExports exports, Entities entities, ObjectMapper json) {
        this.register = register;
        this.exports = exports;
        this.entities = entities;
        this.json = json;
    }

    /**
     * The register of one visible entity, or of every visible one, in a format. JSON is one document for one
     * entity, else an array of them.
     *
     * @throws io.custodia.core.NotFoundException when the entity is outside the caller's scope
     */
    ResponseEntity<String> export(String format, @Nullable String entity, String language) {
        String code = entity == null ? "" : entity.strip();
        boolean oneEntity = !code.isEmpty();
        List<String> entityCodes = oneEntity ? List.of(entities.visible(code).code()) : register.entityCodes(null);
        String name = "register-" + (oneEntity ? entityCodes.get(0) : "all");
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" ->
                file(
                        new MediaType("text", "csv", StandardCharsets.UTF_8),
                        name + ".csv",
                        exports.csv(activities(entityCodes)));
            case "json" ->
                file(
                        MediaType.APPLICATION_JSON,
                        name + ".json",
                        json.writeValueAsString(
                                entityCodes.size() == 1
                                        ? exports.json(entityCodes).get(0)
                                        : exports.json(entityCodes)));
            case "jsonld" ->
                file(
                        new MediaType("application", "ld+json"),
                        name + ".jsonld",
                        json.writeValueAsString(exports.jsonLd(activities(entityCodes))));
            case "html" ->
                ResponseEntity.ok()
                        .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                        .header("Content-Security-Policy", REPORT_CSP)
                        .body(exports.html(entityCodes, language));
            default -> throw InvalidInputException.of("format", "must be csv, json, jsonld or html");
        };
    }

    private List<ActivityView> activities(List<String> entityCodes) {
        return entityCodes.stream()
                .flatMap(code -> register.activities(ActivityFilter.ofEntity(code)).stream())
                .toList();
    }

    private static ResponseEntity<String> file(MediaType type, String filename, String body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(body);
    }
}
