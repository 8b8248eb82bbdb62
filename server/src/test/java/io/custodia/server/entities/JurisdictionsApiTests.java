package io.custodia.server.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Jurisdiction packs and the legal deadlines they give an entity, over HTTP. */
class JurisdictionsApiTests extends CustodiaTest {

    @Test
    void packs_includeEuropeAndAfrica() {
        JsonNode packs = parse(get("/api/v1/jurisdictions", admin()));
        assertThat(packs.valueStream().map(pack -> pack.get("code").asString()))
                .contains("eu-gdpr", "fr", "eu-telecom", "ng", "ke", "sn", "ci", "ma");
    }

    @Test
    void france_setsTheAgeOfDigitalConsentAt15_andInheritsTheGdprBreachRule() {
        JsonNode france = parse(get("/api/v1/jurisdictions/fr", admin()));
        assertThat(france.get("ageOfDigitalConsent").asInt()).isEqualTo(15);
        assertThat(france.get("authority").asString()).isEqualTo("CNIL");
        assertThat(france.get("breachNotices")
                        .valueStream()
                        .filter(notice -> notice.get("notice").asString().equals("authority"))
                        .findFirst()
                        .orElseThrow()
                        .get("rule")
                        .asString())
                .isEqualTo("PT72H");
    }

    @Test
    void globalPrivacyControl_optsOutInFrance_andDoesNothingInKenya() {
        JsonNode france = parse(get("/api/v1/jurisdictions/fr", admin())).get("gpc");
        assertThat(france.get("effect").asString()).isEqualTo("objection");
        assertThat(france.get("purposes").valueStream().map(JsonNode::asString))
                .containsExactly("marketing.partner_advertising", "marketing.personalised_offers");
        JsonNode kenya = parse(get("/api/v1/jurisdictions/ke", admin())).get("gpc");
        assertThat(kenya.get("effect").asString()).isEqualTo("none");
    }

    @Test
    void deadlines_ofTheFrenchEntity_followTheIcoRule_inParisTime() {
        // 31 January 2027 in Paris: one month later is 28 February, a Sunday, so Monday 1 March.
        JsonNode clock = parse(get("/api/v1/entities/FR/deadlines?at=2027-01-31T10:00:00Z", admin()));
        assertThat(clock.get("receiptDate").asString()).isEqualTo("2027-01-31");
        assertThat(clock.get("requestDueDate").asString()).isEqualTo("2027-03-01");
        assertThat(clock.get("extendedRequestDueDate").asString()).isEqualTo("2027-04-30");
        assertThat(clock.get("breachNotices").get(0).get("dueAt").asString()).isEqualTo("2027-02-03T10:00:00Z");
    }

    @Test
    void deadlines_ofAForeignEntity_answer404() {
        assertThat(get("/api/v1/entities/KE/deadlines", basic("privacy.fr", "custodia-demo-2026"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void deadlines_withAMalformedInstant_nameTheParameter() {
        var response = get("/api/v1/entities/FR/deadlines?at=yesterday", admin());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response).get("errors").get(0).get("field").asString()).isEqualTo("at");
    }

    @Test
    void entity_withAnUnknownJurisdiction_isRefused() {
        var response = post("/api/v1/entities", admin(), """
                {"code": "XX", "name": "Nowhere", "jurisdiction": "atlantis", "timeZone": "UTC", "country": "XX"}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response).get("errors").get(0).get("message").asString())
                .contains("not a jurisdiction pack");
    }
}
