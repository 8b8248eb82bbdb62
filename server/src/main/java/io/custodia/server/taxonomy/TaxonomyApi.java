package io.custodia.server.taxonomy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.LegalBasisTerm;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.entities.Entities;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The taxonomy over HTTP: listings, extension terms, and import and export of whole taxonomies. */
@RestController
@RequestMapping("/api/v1/taxonomy")
@Tag(
        name = "Taxonomy",
        description = "Purposes, data categories, subject types and legal bases, each mapped to a W3C DPV IRI."
                + " The group shares one taxonomy; each entity may extend it under its existing parents.")
class TaxonomyApi {
    static final String YAML = "application/yaml";
    private static final String ENTITY_HELP =
            "Entity code whose extension terms are included; it must be in your scope, else 404";
    private static final String LANG_HELP = "Language of the name field: en (default) or fr";
    private static final String CUSTODIA_EXAMPLE = """
            format: custodia-taxonomy/1
            data_categories:
              - key: user.contact.fax
                names: {en: Fax number, fr: Numéro de fax}
                dpv: https://w3id.org/dpv/pd#TelephoneNumber
            """;
    private static final String FIDESLANG_EXAMPLE = """
            data_category:
              - fides_key: user.contact.fax
                name: Fax number
                parent_key: user.contact
            """;

    private final Taxonomy taxonomy;
    private final Entities entities;

    TaxonomyApi(Taxonomy taxonomy, Entities entities) {
        this.taxonomy = taxonomy;
        this.entities = entities;
    }

    /** One term as the API shows it. */
    @Schema(name = "TaxonomyTerm")
    record TermView(
            @Schema(description = "Dotted key, e.g. user.contact.email", example = "user.contact.email")
            String key,

            @Schema(description = "Name in the requested language", example = "Email address")
            String name,

            @Schema(description = "W3C DPV IRI", example = "https://w3id.org/dpv/pd#EmailAddress")
            String dpv,

            @Schema(description = "Names per language tag") Map<String, String> names,

            @Schema(description = "Descriptions per language tag")
            Map<String, String> descriptions,

            @Schema(description = "Key one level up, absent for a top-level term", example = "user.contact") @Nullable
            String parent,

            @Schema(description = "A special category of personal data (GDPR Art. 9, or Art. 10 for criminal data)")
            boolean special,

            @Schema(description = "The entity that added the term; absent for a group term") @Nullable
            String entity) {

        static TermView of(Term term, String language) {
            return new TermView(
                    term.key().value(),
                    term.name(language),
                    term.dpv(),
                    term.names(),
                    term.descriptions(),
                    term.parent().map(TermKey::value).orElse(null),
                    term.special(),
                    term.entityCode());
        }
    }

    /** One legal basis as the API shows it. */
    @Schema(name = "LegalBasis")
    record LegalBasisView(
            @Schema(example = "legitimate_interest") String key,
            @Schema(example = "Legitimate interest") String name,

            @Schema(example = "https://w3id.org/dpv#LegitimateInterest")
            String dpv,

            Map<String, String> names,
            Map<String, String> descriptions,

            @Schema(description = "GDPR article", example = "6(1)(f)")
            String article,

            @Schema(description = "Whether the person may object to processing on this basis (GDPR Art. 21)")
            boolean objectable) {

        static LegalBasisView of(LegalBasisTerm term, String language) {
            return new LegalBasisView(
                    term.basis().key(),
                    term.name(language),
                    term.basis().dpv(),
                    term.names(),
                    term.descriptions(),
                    term.basis().article(),
                    term.basis().objectable());
        }
    }

    /** A new term for the group taxonomy or an entity's extension. */
    @Schema(name = "NewTaxonomyTerm")
    record NewTermBody(
            @Schema(
                    description = "purpose, data_category or subject_type",
                    example = "data_category",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String kind,

            @Schema(
                    description = "Dotted key under an existing parent",
                    example = "user.contact.fax",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String key,

            @Schema(
                    description = "Names per language tag; en is required",
                    example = "{\"en\": \"Fax number\", \"fr\": \"Numéro de fax\"}",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Map<String, String> names,

            @Schema(description = "Descriptions per language tag") @Nullable
            Map<String, String> descriptions,

            @Schema(
                    description = "W3C DPV IRI; when absent, the parent's",
                    example = "https://w3id.org/dpv/pd#TelephoneNumber")
            @Nullable
            String dpv,

            @Schema(description = "Special category of personal data; data categories only") @Nullable
            Boolean special,

            @Schema(
                    description = "Entity code whose extension receives the term; absent for a group term",
                    example = "FR")
            @Nullable
            String entity) {

        TermProposal proposal() {
            return new TermProposal(
                    kind == null ? "" : kind,
                    key == null ? "" : key,
                    names == null ? Map.of() : names,
                    descriptions == null ? Map.of() : descriptions,
                    dpv,
                    special != null && special,
                    entity);
        }
    }

    @GetMapping("/purposes")
    @Operation(
            summary = "List purposes",
            description = "The group's purposes, plus an entity's own when asked, sorted by key")
    List<TermView> purposes(
            @Parameter(description = ENTITY_HELP) @RequestParam(required = false) @Nullable String entity,
            @Parameter(description = LANG_HELP) @RequestParam(defaultValue = "en") String lang) {
        return list(TermKind.PURPOSE, entity, lang);
    }

    @GetMapping("/data-categories")
    @Operation(
            summary = "List data categories",
            description = "The group's data categories, plus an entity's own when asked, sorted by key; special"
                    + " categories are flagged")
    List<TermView> dataCategories(
            @Parameter(description = ENTITY_HELP) @RequestParam(required = false) @Nullable String entity,
            @Parameter(description = LANG_HELP) @RequestParam(defaultValue = "en") String lang) {
        return list(TermKind.DATA_CATEGORY, entity, lang);
    }

    @GetMapping("/subject-types")
    @Operation(
            summary = "List subject types",
            description = "The group's subject types, plus an entity's own when asked")
    List<TermView> subjectTypes(
            @Parameter(description = ENTITY_HELP) @RequestParam(required = false) @Nullable String entity,
            @Parameter(description = LANG_HELP) @RequestParam(defaultValue = "en") String lang) {
        return list(TermKind.SUBJECT_TYPE, entity, lang);
    }

    @GetMapping("/legal-bases")
    @Operation(summary = "List legal bases", description = "The six legal bases of GDPR Art. 6(1), in article order")
    List<LegalBasisView> legalBases(
            @Parameter(description = LANG_HELP) @RequestParam(defaultValue = "en") String lang) {
        String language = language(lang);
        return taxonomy.legalBases().stream()
                .map(basis -> LegalBasisView.of(basis, language))
                .toList();
    }

    @PostMapping(path = "/terms", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('DPO','PRIVACY_OFFICER')")
    @Operation(
            summary = "Add a term",
            description = "Adds a term to an entity's extension (entity set; the entity must be in your scope) or to"
                    + " the group taxonomy (no entity; needs group-wide scope). The key's parent must exist and the"
                    + " key must be new. For DPO and privacy officers.")
    @ApiResponse(responseCode = "201", description = "The term as stored")
    @ApiResponse(responseCode = "400", description = "Invalid fields, listed in errors[{field, message}]")
    @ApiResponse(
            responseCode = "403",
            description = "Not a DPO or privacy officer, or a group term without group scope")
    @ApiResponse(responseCode = "404", description = "The entity does not exist or is outside your scope")
    TermView create(@RequestBody NewTermBody body) {
        return TermView.of(taxonomy.extend(body.proposal()), "en");
    }

    @PostMapping(
            path = "/import",
            consumes = {YAML, "application/x-yaml", "text/yaml", "text/x-yaml", MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize("hasAnyRole('DPO','PRIVACY_OFFICER')")
    @Operation(
            summary = "Import a taxonomy",
            description = "Imports a Custodia taxonomy file (lists purposes, data_categories, subject_types), or with"
                    + " format=fideslang the data_category, data_use and data_subject lists of a fideslang file."
                    + " All or nothing: one bad term answers 400 listing every bad term, and nothing is stored."
                    + " Fideslang terms without a DPV IRI take their nearest parent's.")
    @ApiResponse(responseCode = "200", description = "What the import created, updated and found unchanged")
    @ApiResponse(responseCode = "400", description = "Invalid terms, e.g. errors[{field: data_category[3].fides_key}]")
    @ApiResponse(
            responseCode = "403",
            description = "Not a DPO or privacy officer, or a group import without group scope")
    @ApiResponse(responseCode = "404", description = "The entity does not exist or is outside your scope")
    ImportSummary importTaxonomy(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The YAML file",
                            content =
                                    @Content(
                                            mediaType = YAML,
                                            schema = @Schema(type = "string"),
                                            examples = {
                                                @ExampleObject(name = "custodia", value = CUSTODIA_EXAMPLE),
                                                @ExampleObject(name = "fideslang", value = FIDESLANG_EXAMPLE)
                                            }))
                    @RequestBody(required = false)
                    @Nullable
                    String body,
            @Parameter(description = "custodia (default) or fideslang") @RequestParam(defaultValue = "custodia")
                    String format,
            @Parameter(description = "Entity code to import the terms as its extension; absent for the group")
                    @RequestParam(required = false)
                    @Nullable
                    String entity) {
        if (body == null || body.isBlank()) {
            throw InvalidInputException.of("body", "is empty: send a YAML taxonomy file");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "custodia" -> taxonomy.importCustodia(body, entity);
            case "fideslang" -> taxonomy.importFideslang(body, entity);
            default -> throw InvalidInputException.of("format", "must be custodia or fideslang");
        };
    }

    @GetMapping(path = "/export", produces = YAML)
    @Operation(
            summary = "Export the taxonomy",
            description = "The group taxonomy, or with entity the entity's own extension terms, as a Custodia"
                    + " taxonomy file that imports back to the same terms")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = YAML, schema = @Schema(type = "string")))
    ResponseEntity<String> export(
            @Parameter(description = "Entity code whose extension to export; absent for the group")
                    @RequestParam(required = false)
                    @Nullable
                    String entity) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(YAML + ";charset=UTF-8"))
                .body(taxonomy.export(entity));
    }

    private List<TermView> list(TermKind kind, @Nullable String entity, String lang) {
        if (entity != null) {
            entities.visible(entity);
        }
        String language = language(lang);
        return taxonomy.terms(kind, entity).stream()
                .map(term -> TermView.of(term, language))
                .toList();
    }

    static String language(String lang) {
        String language = Locale.forLanguageTag(lang.replace('_', '-')).getLanguage();
        return language.isEmpty() ? "en" : language;
    }
}
