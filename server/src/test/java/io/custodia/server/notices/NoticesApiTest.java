package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.identity.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Notices over HTTP: writing, publishing, immutability, validation, scope and roles. */
class NoticesApiTest extends NoticesTestSupport {
    private static final String OFFERS = "marketing.personalised_offers";

    @Test
    void draft_isEditedThenPublished_andAPublishedVersionNeverChanges() {
        String entity = newEntity();
        String username = newStaffMember(Set.of(Role.DPO), entity);
        String dpo = basic(username, PASSWORD);
        String key = uniqueKey("notice.offers");

        var createdResponse = post(
                "/api/v1/notices", dpo, notice(entity, key, "Offers", OFFERS).toString());
        JsonNode created = ok(createdResponse, 201);
        assertThat(createdResponse.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/api/v1/notices/" + key + "?entity=" + entity));
        assertThat(created.get("purposes").get(0).asString()).isEqualTo(OFFERS);
        JsonNode first = created.get("versions").get(0);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("status").asString()).isEqualTo("draft");
        assertThat(first.get("contentHash").asString()).matches("[0-9a-f]{64}");
        assertThat(first.has("publicUrl")).isFalse();

        JsonNode edited = ok(
                put(
                        versionPath(key, 1, entity),
                        dpo,
                        content("Offers for you", OFFERS).toString()),
                200);
        assertThat(edited.get("texts").get("en").get("title").asString()).isEqualTo("Offers for you");
        assertThat(edited.get("contentHash").asString())
                .isNotEqualTo(first.get("contentHash").asString());

        JsonNode published =
                ok(post(versionPath(key, 1, entity).replace("?", "/publish?"), dpo, "{\"material\": false}"), 200);
        assertThat(published.get("status").asString()).isEqualTo("published");
        assertThat(published.get("material").asBoolean()).isFalse();
        assertThat(published.get("publishedBy").asString()).isEqualTo("staff:" + username);
        assertThat(published.get("publishedAt").asString()).isNotBlank();
        assertThat(published.get("contentHash").asString())
                .isEqualTo(edited.get("contentHash").asString());
        assertThat(published.get("publicUrl").asString()).isEqualTo("/notices/" + entity + "/" + key + "/1");

        var editPublished = put(
                versionPath(key, 1, entity),
                dpo,
                content("Sneaky change", OFFERS).toString());
        assertThat(editPublished.statusCode()).isEqualTo(409);
        assertThat(parse(editPublished).get("type").asString()).isEqualTo("urn:custodia:problem:conflict");
        assertThat(post(versionPath(key, 1, entity).replace("?", "/publish?"), dpo, "{\"material\": false}")
                        .statusCode())
                .isEqualTo(409);
        JsonNode reread = ok(get(versionPath(key, 1, entity), dpo), 200);
        assertThat(reread.get("texts").get("en").get("title").asString()).isEqualTo("Offers for you");
        assertThat(reread.get("contentHash").asString())
                .isEqualTo(published.get("contentHash").asString());

        JsonNode second = ok(post("/api/v1/notices/" + key + "/versions?entity=" + entity, dpo, ""), 201);
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("status").asString()).isEqualTo("draft");
        assertThat(second.get("contentHash").asString())
                .isEqualTo(published.get("contentHash").asString());
        assertThat(post("/api/v1/notices/" + key + "/versions?entity=" + entity, dpo, "{}")
                        .statusCode())
                .isEqualTo(409);

        JsonNode list = ok(get("/api/v1/notices?entity=" + entity, dpo), 200);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("latestVersion").asInt()).isEqualTo(2);
        assertThat(list.get(0).get("latestStatus").asString()).isEqualTo("draft");
        assertThat(list.get(0).get("publishedVersion").asInt()).isEqualTo(1);
        JsonNode whole = ok(get("/api/v1/notices/" + key + "?entity=" + entity, dpo), 200);
        assertThat(whole.get("versions")).hasSize(2);
    }

    @Test
    void publicPage_showsThePublishedText_withItsHash_toAnyone_butNeverADraft() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String key = uniqueKey("notice.public");
        ok(
                post(
                        "/api/v1/notices",
                        dpo,
                        notice(entity, key, "Public offers", OFFERS).toString()),
                201);
        JsonNode published =
                ok(post(versionPath(key, 1, entity).replace("?", "/publish?"), dpo, "{\"material\": false}"), 200);
        ok(post("/api/v1/notices/" + key + "/versions?entity=" + entity, dpo, ""), 201);

        var french = getAnonymous("/notices/" + entity + "/" + key + "/1?lang=fr");
        assertThat(french.statusCode()).isEqualTo(200);
        assertThat(french.body())
                .contains("<html lang=\"fr\"")
                .contains("Public offers (fr)")
                .contains("Nous utilisons votre consommation")
                .contains(published.get("contentHash").asString())
                .contains("Empreinte de ce texte");
        var english = getAnonymous("/notices/" + entity + "/" + key + "/1?lang=en");
        assertThat(english.body()).contains("<strong>What:</strong> usage").contains("<li>");

        assertThat(getAnonymous("/notices/" + entity + "/" + key + "/2").statusCode())
                .isEqualTo(404);
        assertThat(getAnonymous("/notices/" + entity + "/notice.nothing/1").statusCode())
                .isEqualTo(404);
        assertThat(getAnonymous("/notices/ZZ/" + key + "/1").statusCode()).isEqualTo(404);
    }

    @Test
    void invalidNotice_answersEveryBrokenRuleByField_andStoresNothing() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode bad = json.createObjectNode().put("entity", entity).put("key", "Notice Offers");
        bad.putArray("purposes").add("marketing.nonsense").add("Not A Key");
        bad.putArray("channels").add("fax");
        ObjectNode texts = bad.putObject("texts");
        texts.putObject("en").put("title", " ").put("body", "x".repeat(20_001));
        texts.putObject("xx-yy").put("title", "t").put("body", "b");

        var response = post("/api/v1/notices", dpo, bad.toString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response).get("type").asString()).isEqualTo("urn:custodia:problem:invalid-input");
        assertThat(errorFields(response))
                .containsExactlyInAnyOrder(
                        "key",
                        "purposes[0]",
                        "purposes[1]",
                        "channels[0]",
                        "texts.fr",
                        "texts.en.title",
                        "texts.en.body",
                        "texts.xx-yy");
        assertThat(response.body())
                .contains("marketing.nonsense is not a purpose of the taxonomy of " + entity)
                .contains("must be at most 20000 characters long, not 20001");
        assertThat(parse(get("/api/v1/notices?entity=" + entity, dpo))).isEmpty();

        ObjectNode longTitle = notice(entity, uniqueKey("notice.long"), "t".repeat(201), OFFERS);
        ((ObjectNode) longTitle.get("texts").get("fr")).put("title", "Deux\nlignes");
        longTitle.putArray("channels");
        var titles = post("/api/v1/notices", dpo, longTitle.toString());
        assertThat(errorFields(titles)).containsExactlyInAnyOrder("texts.en.title", "texts.fr.title", "channels");
        assertThat(parse(get("/api/v1/notices?entity=" + entity, dpo))).isEmpty();
    }

    @Test
    void aPurpose_isExplainedByOneNoticeOfTheEntity_andStaysWithItOncePublished() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String first = uniqueKey("notice.first");
        String second = uniqueKey("notice.second");
        ok(post("/api/v1/notices", dpo, notice(entity, first, "First", OFFERS).toString()), 201);

        var taken = post(
                "/api/v1/notices",
                dpo,
                notice(entity, second, "Second", "research.innovation", OFFERS).toString());
        assertThat(errorFields(taken)).containsExactly("purposes[1]");
        assertThat(taken.body()).contains(OFFERS + " is explained by notice " + first + " already");
        assertThat(get("/api/v1/notices/" + second + "?entity=" + entity, dpo).statusCode())
                .isEqualTo(404);

        ok(post(versionPath(first, 1, entity).replace("?", "/publish?"), dpo, "{\"material\": false}"), 200);
        ok(post("/api/v1/notices/" + first + "/versions?entity=" + entity, dpo, ""), 201);
        var dropped = put(
                versionPath(first, 2, entity),
                dpo,
                content("Other", "research.innovation").toString());
        assertThat(errorFields(dropped)).containsExactly("purposes");
        assertThat(dropped.body()).contains(OFFERS + " was published in this notice and must stay in it");
        assertThat(ok(get(versionPath(first, 2, entity), dpo), 200).get("purposes"))
                .extracting(JsonNode::asString)
                .containsExactly(OFFERS);

        // Another entity's notice may explain the same purpose.
        String other = newEntity();
        ok(
                post(
                        "/api/v1/notices",
                        dpoOf(other),
                        notice(other, first, "Elsewhere", OFFERS).toString()),
                201);
    }

    @Test
    void publishing_needsAnExplicitMaterialFlag_andTheFirstVersionCannotBeMaterial() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String key = uniqueKey("notice.material");
        ok(post("/api/v1/notices", dpo, notice(entity, key, "Material", OFFERS).toString()), 201);
        String publish = versionPath(key, 1, entity).replace("?", "/publish?");

        assertThat(errorFields(post(publish, dpo, ""))).containsExactly("material");
        assertThat(errorFields(post(publish, dpo, "{}"))).containsExactly("material");
        var material = post(publish, dpo, "{\"material\": true}");
        assertThat(errorFields(material)).containsExactly("material");
        assertThat(material.body()).contains("the first version cannot be a material change");
        assertThat(ok(get(versionPath(key, 1, entity), dpo), 200).get("status").asString())
                .isEqualTo("draft");
        assertThat(errorFields(post(
                        "/api/v1/notices", dpo, content("No entity", OFFERS).toString())))
                .containsExactly("entity");
        assertThat(errorFields(get("/api/v1/notices/" + key, dpo))).containsExactly("entity");
    }

    @Test
    void duplicateKey_isAConflict() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String key = uniqueKey("notice.twice");
        ok(post("/api/v1/notices", dpo, notice(entity, key, "Once", OFFERS).toString()), 201);
        var again = post(
                "/api/v1/notices",
                dpo,
                notice(entity, key, "Twice", "research.innovation").toString());
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void entityScopedStaff_neverSeeAnotherEntitysNotices() {
        String privacyFr = basic("privacy.fr", DEMO_PASSWORD);

        var foreign = get("/api/v1/notices/notice.marketing.offers?entity=KE", privacyFr);
        var missing = get("/api/v1/notices/notice.nothing.here?entity=FR", privacyFr);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(parse(foreign).get("title").asString())
                .isEqualTo(parse(missing).get("title").asString());
        assertThat(get("/api/v1/notices/notice.marketing.offers/versions/1?entity=KE", privacyFr)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/notices/notice.marketing.offers/versions?entity=KE", privacyFr, "")
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(
                                "/api/v1/notices",
                                privacyFr,
                                notice("KE", uniqueKey("notice.intrusion"), "Intrusion", "analytics.service_usage")
                                        .toString())
                        .statusCode())
                .isEqualTo(404);

        assertThat(parse(get("/api/v1/notices?entity=KE", privacyFr))).isEmpty();
        JsonNode mine = ok(get("/api/v1/notices", privacyFr), 200);
        assertThat(mine.valueStream().map(notice -> notice.get("entity").asString()))
                .isNotEmpty()
                .containsOnly("FR");
        assertThat(ok(get("/api/v1/notices/notice.marketing.offers?entity=FR", privacyFr), 200)
                        .get("versions")
                        .get(0)
                        .get("status")
                        .asString())
                .isEqualTo("published");
    }

    @Test
    void privacyOfficers_write_auditorsOnlyRead_andAnonymousCallersAreTurnedAway() {
        String entity = newEntity();
        String officer = basic(newStaffMember(Set.of(Role.PRIVACY_OFFICER), entity), PASSWORD);
        String auditor = basic(newStaffMember(Set.of(Role.AUDITOR), entity), PASSWORD);
        String key = uniqueKey("notice.roles");
        ok(post("/api/v1/notices", officer, notice(entity, key, "Roles", OFFERS).toString()), 201);

        assertThat(get("/api/v1/notices/" + key + "?entity=" + entity, auditor).statusCode())
                .isEqualTo(200);
        var write = post(
                "/api/v1/notices",
                auditor,
                notice(entity, uniqueKey("notice.auditor"), "A", "research.innovation")
                        .toString());
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(put(
                                versionPath(key, 1, entity),
                                auditor,
                                content("A", OFFERS).toString())
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(versionPath(key, 1, entity).replace("?", "/publish?"), auditor, "{\"material\":false}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/notices/" + key + "/versions?entity=" + entity, basic("auditor", DEMO_PASSWORD), "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(ok(get(versionPath(key, 1, entity), officer), 200)
                        .get("status")
                        .asString())
                .isEqualTo("draft");

        assertThat(getAnonymous("/api/v1/notices").statusCode()).isEqualTo(401);
        ok(post(versionPath(key, 1, entity).replace("?", "/publish?"), officer, "{\"material\":false}"), 200);
    }

    @Test
    void apiDescription_documentsTheNoticePaths() {
        String description = getAnonymous("/v3/api-docs").body();
        assertThat(description)
                .contains("/api/v1/notices/{key}/versions/{version}/publish")
                .contains("/api/v1/notices/{key}/versions")
                .contains("Notices");
        assertThat(List.of("/api/v1/notices"))
                .allSatisfy(path -> assertThat(description).contains(path));
    }
}
