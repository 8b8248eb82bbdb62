package io.custodia.server.taxonomy;

import static io.custodia.server.taxonomy.TaxonomyFixtures.newEntity;
import static io.custodia.server.taxonomy.TaxonomyFixtures.newStaff;
import static io.custodia.server.taxonomy.TaxonomyFixtures.resource;
import static io.custodia.server.taxonomy.TaxonomyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

/** The taxonomy HTTP API, over real HTTP against the running server. */
class TaxonomyApiTests extends CustodiaTest {

    @Autowired
    Entities entities;

    @Autowired
    StaffDirectory directory;

    @Autowired
    AuditTrail audit;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void purposes_listKeyNameAndDpvIri() {
        var response = get("/api/v1/taxonomy/purposes", admin());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode provision = byKey(parse(response), "service.provision");
        assertThat(provision.get("name").asString()).isEqualTo("Delivering the subscribed service");
        assertThat(provision.get("dpv").asString()).isEqualTo("https://w3id.org/dpv#RequestedServiceProvision");
        assertThat(provision.get("parent").asString()).isEqualTo("service");
        assertThat(provision.get("names").get("fr").asString()).isEqualTo("Fourniture du service souscrit");
        assertThat(provision.has("entity")).isFalse();
    }

    @Test
    void everyPurposeAndDataCategory_hasTheKeyNameAndDpvOfThePublicContract() {
        for (String path : List.of("/api/v1/taxonomy/purposes", "/api/v1/taxonomy/data-categories")) {
            JsonNode terms = parse(get(path, admin()));
            assertThat(terms).as(path).isNotEmpty().allSatisfy(term -> {
                assertThat(term.get("key").asString()).matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
                assertThat(term.get("name").asString()).isNotBlank();
                assertThat(term.get("dpv").asString()).startsWith("https://w3id.org/dpv");
            });
        }
    }

    @Test
    void dataCategories_inFrench_andSpecialCategoriesFlagged() {
        var response = get("/api/v1/taxonomy/data-categories?lang=fr", admin());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode categories = parse(response);
        assertThat(byKey(categories, "user.contact.email").get("name").asString())
                .isEqualTo("Adresse e-mail");
        assertThat(byKey(categories, "user.health").get("name").asString()).isEqualTo("Données de santé");
        assertThat(byKey(categories, "user.health").get("special").asBoolean()).isTrue();
        assertThat(byKey(categories, "user.contact.email").get("special").asBoolean())
                .isFalse();
        assertThat(keys(categories)).isSorted();
    }

    @Test
    void subjectTypesAndLegalBases_areListed() {
        assertThat(keys(parse(get("/api/v1/taxonomy/subject-types", admin()))))
                .contains("customer", "prospect", "child", "household_member", "employee", "visitor");

        JsonNode bases = parse(get("/api/v1/taxonomy/legal-bases?lang=fr", admin()));
        assertThat(keys(bases))
                .containsExactly(
                        "consent",
                        "contract",
                        "legal_obligation",
                        "vital_interest",
                        "public_task",
                        "legitimate_interest");
        assertThat(byKey(bases, "legitimate_interest").get("name").asString()).isEqualTo("Intérêt légitime");
        assertThat(byKey(bases, "legitimate_interest").get("dpv").asString())
                .isEqualTo("https://w3id.org/dpv#LegitimateInterest");
        assertThat(byKey(bases, "legitimate_interest").get("objectable").asBoolean())
                .isTrue();
    }

    @Test
    void entityScopedDpo_extendsOwnEntity_andOnlyThatEntitySeesTheTerm() {
        String entity = newEntity(entities);
        String dpo = newStaff(directory, Set.of(Role.DPO), List.of(entity));
        String key = "user.contact." + unique("fax");
        List<TaxonomyChanged> published = new CopyOnWriteArrayList<>();
        ApplicationListener<PayloadApplicationEvent<?>> listener = event -> {
            if (event.getPayload() instanceof TaxonomyChanged changed) {
                published.add(changed);
            }
        };
        context.addApplicationListener(listener);

        HttpResponse<String> response;
        try {
            response = post("/api/v1/taxonomy/terms", dpo, """
                    {"kind": "data_category", "key": "%s", "names": {"en": "Fax number", "fr": "Numéro de fax"},
                     "descriptions": {"en": "A fax number."}, "entity": "%s"}""".formatted(key, entity));
        } finally {
            context.removeApplicationListener(listener);
        }

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = parse(response);
        assertThat(created.get("entity").asString()).isEqualTo(entity);
        assertThat(created.get("dpv").asString()).isEqualTo("https://w3id.org/dpv/pd#Contact");
        assertThat(created.get("parent").asString()).isEqualTo("user.contact");
        assertThat(keys(parse(get("/api/v1/taxonomy/data-categories?entity=" + entity, dpo))))
                .contains(key, "user.contact.email");
        assertThat(keys(parse(get("/api/v1/taxonomy/data-categories", admin()))))
                .doesNotContain(key);
        assertThat(audit.after(0, 1_000_000)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("taxonomy.term.created");
            assertThat(entry.objectId()).isEqualTo("data_category:" + key);
            assertThat(entry.entityCode()).isEqualTo(entity);
        });
        assertThat(published).containsExactly(new TaxonomyChanged(entity));
    }

    @Test
    void extendingAForeignEntity_answers404_andStoresNothing() {
        String own = newEntity(entities);
        String foreign = newEntity(entities);
        String dpo = newStaff(directory, Set.of(Role.PRIVACY_OFFICER), List.of(own));
        String key = "user.contact." + unique("telex");

        var response = post("/api/v1/taxonomy/terms", dpo, """
                {"kind": "data_category", "key": "%s", "names": {"en": "Telex"}, "entity": "%s"}""".formatted(key, foreign));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(parse(response).get("type").asString()).isEqualTo("urn:custodia:problem:not-found");
        assertThat(get("/api/v1/taxonomy/data-categories?entity=" + foreign, dpo)
                        .statusCode())
                .isEqualTo(404);
        assertThat(keys(parse(get("/api/v1/taxonomy/data-categories?entity=" + foreign, admin()))))
                .doesNotContain(key);
    }

    @Test
    void groupTerm_needsGroupWideScope() {
        String entity = newEntity(entities);
        String dpo = newStaff(directory, Set.of(Role.DPO), List.of(entity));
        String key = "marketing." + unique("surveys");

        var response = post("/api/v1/taxonomy/terms", dpo, """
                {"kind": "purpose", "key": "%s", "names": {"en": "Surveys"}}""".formatted(key));

        assertThat(response.statusCode()).isEqualTo(403);
        var groupDpo = newStaff(directory, Set.of(Role.DPO), List.of());
        assertThat(post("/api/v1/taxonomy/terms", groupDpo, """
                                {"kind": "purpose", "key": "%s", "names": {"en": "Surveys", "fr": "Enquêtes"},
                                 "dpv": "https://w3id.org/dpv#Marketing"}""".formatted(key)).statusCode())
                .isEqualTo(201);
        assertThat(keys(parse(get("/api/v1/taxonomy/purposes", admin())))).contains(key);
    }

    @Test
    void invalidTerm_answers400_listingEveryField_andStoresNothing() {
        String entity = newEntity(entities);
        String key = "user.pets." + unique("name");

        var response = post("/api/v1/taxonomy/terms", admin(), """
                {"kind": "data_category", "key": "%s", "names": {"fr": "Nom de l'animal"},
                 "dpv": "http://example.com/pets", "entity": "%s"}""".formatted(key, entity));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = parse(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:custodia:problem:invalid-input");
        assertThat(fields(problem)).containsExactlyInAnyOrder("names.en", "dpv");
        var bad = post("/api/v1/taxonomy/terms", admin(), """
                {"kind": "data_category", "key": "%s", "names": {"en": "Pet name"}, "entity": "%s"}""".formatted(key, entity));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(parse(bad).get("errors").get(0).get("message").asString())
                .isEqualTo("its parent user.pets is not in the taxonomy; add the parent first");
        var badKey = post("/api/v1/taxonomy/terms", admin(), """
                {"kind": "colour", "key": "User Name", "names": {"en": "x"}, "entity": "%s"}""".formatted(entity));
        assertThat(fields(parse(badKey))).containsExactlyInAnyOrder("kind", "key");
        assertThat(keys(parse(get("/api/v1/taxonomy/data-categories?entity=" + entity, admin()))))
                .doesNotContain(key);
    }

    @Test
    void existingKey_andRedefiningAGroupTerm_areRefused() {
        String entity = newEntity(entities);

        var duplicate = post("/api/v1/taxonomy/terms", admin(), """
                {"kind": "data_category", "key": "user.contact.email", "names": {"en": "Mail"}, "entity": "%s"}""".formatted(entity));
        var topLevel = post("/api/v1/taxonomy/terms", admin(), """
                {"kind": "purpose", "key": "%s", "names": {"en": "Loyalty"}, "entity": "%s"}""".formatted(unique("loyalty"), entity));

        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(parse(duplicate).get("errors").get(0).get("message").asString())
                .isEqualTo("'user.contact.email' exists already");
        assertThat(topLevel.statusCode()).isEqualTo(400);
        assertThat(fields(parse(topLevel))).containsExactly("key");
    }

    @Test
    void writes_needTheDpoOrPrivacyOfficerRole() {
        String auditor = newStaff(directory, Set.of(Role.AUDITOR, Role.ENGINEER), List.of());

        var extend = post("/api/v1/taxonomy/terms", auditor, """
                {"kind": "data_category", "key": "user.contact.%s", "names": {"en": "x"}}""".formatted(unique("x")));
        var importing = importYaml(auditor, resource("/fixtures/fideslang-taxonomy.yml"), "?format=fideslang");

        assertThat(extend.statusCode()).isEqualTo(403);
        assertThat(importing.statusCode()).isEqualTo(403);
        assertThat(parse(importing).get("type").asString()).isEqualTo("urn:custodia:problem:forbidden");
        assertThat(keys(parse(get("/api/v1/taxonomy/data-categories", auditor))))
                .doesNotContain("user.contact.messaging_handle");
        assertThat(get("/api/v1/taxonomy/export", auditor).statusCode()).isEqualTo(200);
    }

    @Test
    void fideslangImport_createsTheTerms_withParentsIrisAndFlags() {
        var response = importYaml(admin(), resource("/fixtures/fideslang-taxonomy.yml"), "?format=fideslang");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode summary = parse(response);
        assertThat(summary.get("created").asInt()).isEqualTo(6);
        assertThat(summary.get("updated").asInt()).isZero();
        assertThat(summary.get("byKind").get("dataCategories").get("created").asInt())
                .isEqualTo(3);
        assertThat(summary.get("byKind").get("purposes").get("created").asInt()).isEqualTo(2);
        assertThat(summary.get("byKind").get("subjectTypes").get("created").asInt())
                .isEqualTo(1);

        JsonNode categories = parse(get("/api/v1/taxonomy/data-categories", admin()));
        JsonNode handle = byKey(categories, "user.contact.messaging_handle.business");
        assertThat(handle.get("name").asString()).isEqualTo("Business messaging handle");
        assertThat(handle.get("dpv").asString()).isEqualTo("https://w3id.org/dpv/pd#Contact");
        JsonNode tracker = byKey(categories, "user.health.fitness_tracker");
        assertThat(tracker.get("special").asBoolean()).isTrue();
        assertThat(tracker.get("dpv").asString()).isEqualTo("https://w3id.org/dpv/pd#Health");
        JsonNode purposes = parse(get("/api/v1/taxonomy/purposes", admin()));
        assertThat(byKey(purposes, "roaming_partners").get("dpv").asString()).isEqualTo("https://w3id.org/dpv#Purpose");
        assertThat(byKey(parse(get("/api/v1/taxonomy/subject-types", admin())), "reseller_agent")
                        .get("name")
                        .asString())
                .isEqualTo("Reseller agent");

        var again = importYaml(admin(), resource("/fixtures/fideslang-taxonomy.yml"), "?format=fideslang");
        assertThat(parse(again).get("unchanged").asInt()).isEqualTo(6);
        assertThat(parse(again).get("created").asInt()).isZero();
    }

    @Test
    void fideslangFileWithOneBadKey_answers400NamingTheField_andStoresNothing() {
        var response = importYaml(admin(), resource("/fixtures/fideslang-bad-key.yml"), "?format=fideslang");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = parse(response);
        assertThat(fields(problem)).containsExactly("data_categories[2].fides_key");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("user.device.Smart-Meter");
        assertThat(keys(parse(get("/api/v1/taxonomy/data-categories", admin()))))
                .doesNotContain("user.contact.pager_number", "user.device.set_top_box_serial");
        assertThat(keys(parse(get("/api/v1/taxonomy/purposes", admin())))).doesNotContain("analytics.footfall");
    }

    @Test
    void export_thenImport_changesNothing() {
        var export = get("/api/v1/taxonomy/export", admin());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
        assertThat(export.body()).contains("format: custodia-taxonomy/1", "key: user.contact.email");
        int groupTerms = parse(get("/api/v1/taxonomy/purposes", admin())).size()
                + parse(get("/api/v1/taxonomy/data-categories", admin())).size()
                + parse(get("/api/v1/taxonomy/subject-types", admin())).size();

        var reimport = importYaml(admin(), export.body(), "");

        assertThat(reimport.statusCode()).isEqualTo(200);
        JsonNode summary = parse(reimport);
        assertThat(summary.get("created").asInt()).isZero();
        assertThat(summary.get("updated").asInt()).isZero();
        assertThat(summary.get("unchanged").asInt()).isEqualTo(groupTerms);
    }

    @Test
    void entityExport_holdsOnlyItsExtension_andReimportsUnchanged() {
        String entity = newEntity(entities);
        String key = "service." + unique("fibre_install");
        assertThat(post("/api/v1/taxonomy/terms", admin(), """
                                {"kind": "purpose", "key": "%s", "names": {"en": "Fibre installation", "fr":
                                 "Raccordement à la fibre"}, "entity": "%s"}""".formatted(key, entity))
                        .statusCode())
                .isEqualTo(201);

        var export = get("/api/v1/taxonomy/export?entity=" + entity, admin());
        var reimport = importYaml(admin(), export.body(), "?entity=" + entity);
        var intoGroup = importYaml(admin(), export.body(), "");

        assertThat(export.body()).contains("key: " + key, "entity: " + entity).doesNotContain("user.contact.email");
        assertThat(parse(reimport).get("unchanged").asInt()).isEqualTo(1);
        assertThat(parse(reimport).get("created").asInt()).isZero();
        assertThat(intoGroup.statusCode()).isEqualTo(400);
        assertThat(fields(parse(intoGroup))).containsExactly("purposes[0].entity");
    }

    @Test
    void custodiaImport_acceptsTextYaml_andFideslangWithoutFormatIsExplained() {
        String key = "user.device." + unique("router_logs");
        String yaml = """
                purposes: []
                data_categories:
                  - key: %s
                    names: {en: Router logs, fr: Journaux de la box}
                    dpv: https://w3id.org/dpv/pd#DeviceBased
                """.formatted(key);

        var created = send(HttpRequest.newBuilder(uri("/api/v1/taxonomy/import"))
                .header("Authorization", admin())
                .header("Content-Type", "text/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build());
        var fideslang = importYaml(admin(), resource("/fixtures/fideslang-bad-key.yml"), "");

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(parse(created).get("created").asInt()).isEqualTo(1);
        assertThat(fideslang.statusCode()).isEqualTo(400);
        assertThat(parse(fideslang).get("errors").get(0).get("message").asString())
                .contains("format=fideslang");
    }

    @Test
    void emptyOrUnreadableFiles_answer400OnTheBody() {
        var empty = importYaml(admin(), "", "");
        var broken = importYaml(admin(), "purposes:\n  - key: [unclosed\n", "");
        var unknownFormat = importYaml(admin(), "purposes: []\n", "?format=csv");

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(fields(parse(empty))).containsExactly("body");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(parse(broken).get("errors").get(0).get("message").asString())
                .startsWith("is not valid YAML at line ");
        assertThat(fields(parse(unknownFormat))).containsExactly("format");
    }

    @Test
    void unknownEntity_answers404() {
        assertThat(get("/api/v1/taxonomy/purposes?entity=ZZZZZZ", admin()).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/taxonomy/export?entity=ZZZZZZ", admin()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void apiDescription_documentsTheTaxonomyPaths() {
        JsonNode paths = parse(getAnonymous("/v3/api-docs")).get("paths");

        assertThat(paths.has("/api/v1/taxonomy/purposes")).isTrue();
        assertThat(paths.has("/api/v1/taxonomy/import")).isTrue();
        assertThat(paths.get("/api/v1/taxonomy/import")
                        .get("post")
                        .get("requestBody")
                        .get("content")
                        .has("application/yaml"))
                .isTrue();
    }

    private HttpResponse<String> importYaml(String authorization, String yaml, String query) {
        return send(HttpRequest.newBuilder(uri("/api/v1/taxonomy/import" + query))
                .header("Authorization", authorization)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build());
    }

    private static JsonNode byKey(JsonNode terms, String key) {
        for (JsonNode term : terms) {
            if (term.get("key").asString().equals(key)) {
                return term;
            }
        }
        throw new AssertionError("No term " + key + " in " + keys(terms));
    }

    private static List<String> keys(JsonNode terms) {
        List<String> keys = new ArrayList<>();
        terms.forEach(term -> keys.add(term.get("key").asString()));
        return keys;
    }

    private static List<String> fields(@Nullable JsonNode problem) {
        List<String> fields = new ArrayList<>();
        if (problem != null && problem.has("errors")) {
            problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        }
        return fields;
    }
}
