package io.custodia.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consent prompt's public endpoints over HTTP: the script's caching and integrity, the allowed site origins
 * (CORS), RFC 9457 problems for bad input that record nothing, the rate limit, and the staff settings.
 */
class ConsentPromptApiTests extends CustodiaTest {
    private static final String SITE = "https://shop.example";
    private static final String OFFERS = "marketing.personalised_offers";

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void settings() {
        jdbc.sql("delete from privacy_rate_limit").update();
        var body = json.createObjectNode().put("tcfEnabled", true);
        body.putArray("siteOrigins").add(SITE + "/").add("https://www.shop.example:443");
        body.putObject("tcfPurposes").putArray(OFFERS).add(3).add(4);
        var response = put("/api/v1/prompt-settings/FR", admin(), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void theScript_isCached_andItsVersionedPath_matchesItsIntegrity() throws Exception {
        HttpResponse<String> script = getAnonymous("/sdk/consent.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
        assertThat(script.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(script.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(17 * 1024);

        JsonNode version = parse(getAnonymous("/sdk/v1/script"));
        HttpResponse<String> pinned = getAnonymous(version.get("url").asString());
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        String integrity = "sha384-"
                + Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-384")
                                .digest(pinned.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(version.get("integrity").asString()).isEqualTo(integrity);
        assertThat(getAnonymous("/sdk/0123456789abcdef/consent.js").statusCode())
                .isEqualTo(404);
    }

    @Test
    void thePrompt_offersThePurposesOnConsent_withTheirWebNotice_inThePagesLanguage() {
        JsonNode prompt = parse(getAnonymous("/sdk/v1/FR/prompt?language=fr-FR"));
        assertThat(prompt.get("language").asString()).isEqualTo("fr");
        assertThat(prompt.get("gpc").asString()).isEqualTo("objection");
        assertThat(prompt.get("tcf").asBoolean()).isTrue();
        assertThat(prompt.get("texts").get("refuse").asString()).isEqualTo("Tout refuser");
        assertThat(prompt.get("texts").get("intro").asString())
                .startsWith(prompt.get("company").asString() + " souhaite")
                .contains("qu'accepter");
        JsonNode offers = json.createObjectNode();
        for (JsonNode purpose : prompt.get("purposes")) {
            assertThat(purpose.get("purpose").asString()).isNotIn("analytics.network_quality", "service.provision");
            if (purpose.get("purpose").asString().equals(OFFERS)) {
                offers = purpose;
            }
        }
        assertThat(offers.get("title").asString()).isEqualTo("Des offres choisies pour vous");
        assertThat(offers.get("text").asString()).doesNotContain("**");
        assertThat(offers.get("gpc").asBoolean()).isTrue();
        assertThat(offers.get("noticeUrl").asString()).startsWith("/notices/FR/notice.marketing.offers/");
    }

    @Test
    void onlyTheEntitysSites_mayCallTheEndpoints() {
        HttpResponse<String> allowed = preflight(SITE);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SITE);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
        assertThat(preflight("https://www.shop.example").statusCode()).isEqualTo(200);

        assertThat(preflight("https://evil.example").statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = send(HttpRequest.newBuilder(uri("/sdk/v1/FR/choices"))
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        choice(UUID.randomUUID().toString(), "granted").toString()))
                .build());
        assertThat(foreign.statusCode()).isEqualTo(403);
    }

    @Test
    void aChoice_isRecordedForTheVisitor_onTheWebChannel_withTheTcString() {
        String visitor = UUID.randomUUID().toString();
        HttpResponse<String> response = postChoice(choice(visitor, "granted"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = parse(response);
        assertThat(answer.get("tcf").get("purposeConsents").toString()).isEqualTo("[3,4]");
        JsonNode events = parse(get("/api/v1/consents/events?entity=FR&scheme=device_id&value=" + visitor, admin()));
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).get("channel").asString()).isEqualTo("web");
        assertThat(events.get(0).get("by").toString()).contains("customer");

        // The visitor's own choices, read back by the script.
        JsonNode current = parse(send(HttpRequest.newBuilder(uri("/sdk/v1/FR/choices"))
                .header(ConsentPrompt.VISITOR_HEADER, visitor)
                .GET()
                .build()));
        assertThat(current.get("states").toString()).contains("\"purpose\":\"" + OFFERS + "\",\"status\":\"granted\"");
    }

    @Test
    void badInput_isAProblem_andRecordsNothing() {
        long before =
                jdbc.sql("select count(*) from consent_event").query(Long.class).single();
        ObjectNode consent = choice("not-a-uuid", "granted");
        HttpResponse<String> response = postChoice(consent);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"visitor\"");

        ObjectNode objection = choice(UUID.randomUUID().toString(), "objected");
        assertThat(postChoice(objection).body()).contains("\"field\":\"choices[0].action\"");

        ObjectNode unpublished = choice(UUID.randomUUID().toString(), "granted");
        ((ObjectNode) unpublished.get("choices").get(0)).put("noticeVersion", 999);
        HttpResponse<String> notice = postChoice(unpublished);
        assertThat(notice.statusCode()).isEqualTo(400);
        assertThat(notice.body()).contains("\"field\":\"choices[0].noticeVersion\"");

        assertThat(jdbc.sql("select count(*) from consent_event")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void recording_isRateLimitedPerAddress() {
        for (int request = 1; request <= RateLimits.Limit.PROMPT_CHOICES_PER_IP.hits; request++) {
            assertThat(postChoice(choice("bad", "granted")).statusCode()).isEqualTo(400);
        }
        HttpResponse<String> limited = postChoice(choice(UUID.randomUUID().toString(), "granted"));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(parse(limited).get("type").asString()).isEqualTo("urn:custodia:problem:rate-limited");
    }

    @Test
    void theSettings_areCheckedAndNeedAPrivacyRole() {
        JsonNode saved = parse(get("/api/v1/prompt-settings/FR", admin()));
        assertThat(saved.get("siteOrigins").toString()).isEqualTo("[\"" + SITE + "\",\"https://www.shop.example\"]");

        var bad = json.createObjectNode();
        bad.putArray("siteOrigins").add("https://shop.example/path").add("ftp://shop.example");
        bad.putObject("tcfPurposes").putArray(OFFERS).add(12);
        HttpResponse<String> response = put("/api/v1/prompt-settings/FR", admin(), bad.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("siteOrigins[0]", "siteOrigins[1]", "tcfPurposes." + OFFERS);
        assertThat(parse(get("/api/v1/prompt-settings/FR", admin())).get("siteOrigins"))
                .isEqualTo(saved.get("siteOrigins"));

        assertThat(put("/api/v1/prompt-settings/FR", basic("auditor", "custodia-demo-2026"), "{}")
                        .statusCode())
                .isEqualTo(403);
    }

    private ObjectNode choice(String visitor, String action) {
        JsonNode prompt = parse(getAnonymous("/sdk/v1/FR/prompt?language=en"));
        int version = 1;
        for (JsonNode purpose : prompt.get("purposes")) {
            if (purpose.get("purpose").asString().equals(OFFERS)) {
                version = purpose.get("noticeVersion").asInt();
            }
        }
        ObjectNode body = json.createObjectNode()
                .put("visitor", visitor)
                .put("promptId", "first-layer")
                .put("page", SITE + "/")
                .put("language", "en");
        body.putArray("choices")
                .addObject()
                .put("purpose", OFFERS)
                .put("action", action)
                .put("noticeVersion", version)
                .put("idempotencyKey", UUID.randomUUID().toString());
        return body;
    }

    private HttpResponse<String> postChoice(ObjectNode body) {
        return send(HttpRequest.newBuilder(uri("/sdk/v1/FR/choices"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    private HttpResponse<String> preflight(String origin) {
        return send(HttpRequest.newBuilder(uri("/sdk/v1/FR/choices"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
    }
}
