package io.custodia.server.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The entities API: scoping, validation, roles. */
class EntitiesApiTests extends CustodiaTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";

    @Test
    void groupWideStaff_seesTheFiveDemoEntities() {
        JsonNode list = parse(get("/api/v1/entities", admin()));
        assertThat(list.valueStream().map(entity -> entity.get("code").asString()))
                .contains("FR", "SN", "CI", "NG", "KE");
    }

    @Test
    void entityScopedStaff_seesOnlyTheirEntity_andForeignAnswers404LikeMissing() {
        String privacyFr = basic("privacy.fr", DEMO_PASSWORD);
        JsonNode list = parse(get("/api/v1/entities", privacyFr));
        assertThat(list.valueStream().map(entity -> entity.get("code").asString()))
                .containsExactly("FR");
        var foreign = get("/api/v1/entities/KE", privacyFr);
        var missing = get("/api/v1/entities/ZZ", privacyFr);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(parse(foreign).get("title").asString())
                .isEqualTo(parse(missing).get("title").asString());
    }

    @Test
    void create_withInvalidFields_answers400NamingEachField_andStoresNothing() {
        var response = post("/api/v1/entities", admin(), """
                {"code": "x", "name": "", "jurisdiction": "fr", "timeZone": "Europe/Paris", "country": "France"}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(parse(response).get("errors").valueStream().map(error -> error.get("field")
                        .asString()))
                .contains("code", "name", "country");
        assertThat(get("/api/v1/entities/x", admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void create_withANameLongerThanTheColumn_answers400NamingIt() {
        var response = post("/api/v1/entities", admin(), """
                {"code": "LONGNM", "name": "%s", "jurisdiction": "fr", "timeZone": "Europe/Paris", "country": "FR"}""".formatted("N".repeat(201)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response).get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(get("/api/v1/entities/LONGNM", admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void create_withUnknownTimeZone_namesTheField() {
        var response = post("/api/v1/entities", admin(), """
                {"code": "TZBAD", "name": "Bad zone", "jurisdiction": "fr", "timeZone": "Mars/Olympus", "country": "FR"}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response).get("errors").get(0).get("field").asString()).isEqualTo("timeZone");
    }

    @Test
    void create_thenDuplicate_answers409() {
        String body = """
                {"code": "MA", "name": "Custodia Télécom Maroc", "jurisdiction": "ma", "timeZone": "Africa/Casablanca", "country": "MA"}""";
        assertThat(post("/api/v1/entities", admin(), body).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/entities", admin(), body).statusCode()).isEqualTo(409);
        assertThat(parse(get("/api/v1/entities/MA", admin())).get("timeZone").asString())
                .isEqualTo("Africa/Casablanca");
    }

    @Test
    void create_byAuditorOrEntityScopedDpo_isForbidden() {
        String body = """
                {"code": "EG", "name": "Custodia Egypt", "jurisdiction": "eg", "timeZone": "Africa/Cairo", "country": "EG"}""";
        assertThat(post("/api/v1/entities", basic("auditor", DEMO_PASSWORD), body)
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/entities", basic("privacy.fr", DEMO_PASSWORD), body)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void malformedJson_answers400() {
        var response = post("/api/v1/entities", admin(), "{\"code\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response).get("errors").get(0).get("field").asString()).isEqualTo("body");
    }
}
