package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Company services record and read consents with service tokens, within their token's entity and scopes. */
class ServiceTokensTest extends ConsentTestSupport {
    @Autowired
    JdbcClient jdbc;

    @Test
    void tokenWithConsentWrite_recordsTheCustomersOwnChoice_andReadsWithConsentRead() {
        JsonNode created = createToken(dpo(), "web-shop", "FR", "consent:write", "consent:read");
        String token = created.get("token").asString();
        assertThat(token).startsWith("cst_").hasSizeGreaterThan(40);

        String customer = newCustomer("FR");
        JsonNode recorded = recorded(bearer(token), choice("FR", customer, OFFERS, "granted"));
        assertThat(recorded.get("state").get("status").asString()).isEqualTo("granted");

        JsonNode event = parse(events(bearer(token), "FR", customer)).get(0);
        assertThat(event.get("by").get("type").asString()).isEqualTo("customer");
        assertThat(event.get("by").has("name") && !event.get("by").get("name").isNull())
                .isFalse();
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("granted");
        HttpResponse<String> receipt = get(recorded.get("receiptUrl").asString(), bearer(token));
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);

        // The audit log names the token, never its secret.
        assertThat(jdbc.sql("select action from audit_entry where actor = ?")
                        .param("token:" + created.get("id").asString())
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("subjects.registered", "consent.recorded");
    }

    @Test
    void tokenBoundToOneEntity_impliesIt_whenTheRequestLeavesItOut() {
        String token =
                createToken(dpo(), "app", "FR", "consent:write").get("token").asString();
        ObjectNode body = choice("FR", newCustomer("FR"), OFFERS, "granted");
        body.remove("entity");

        HttpResponse<String> response = record(bearer(token), newKey(), body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void tokenBoundToOneEntity_impliesIt_forReadsToo() {
        String token = createToken(dpo(), "app-reader", "FR", "consent:write", "consent:read")
                .get("token")
                .asString();
        String customer = newCustomer("FR");
        recorded(bearer(token), choice("FR", customer, OFFERS, "granted"));

        HttpResponse<String> states = get("/api/v1/consents?scheme=customer_id&value=" + customer, bearer(token));
        HttpResponse<String> events =
                get("/api/v1/consents/events?scheme=customer_id&value=" + customer, bearer(token));

        assertThat(states.statusCode()).as(states.body()).isEqualTo(200);
        assertThat(parse(states)
                        .valueStream()
                        .filter(state -> state.get("purpose").asString().equals(OFFERS))
                        .findFirst()
                        .orElseThrow()
                        .get("status")
                        .asString())
                .isEqualTo("granted");
        assertThat(parse(events)).hasSize(1);
        assertThat(fields(get("/api/v1/consents?scheme=customer_id&value=" + customer, dpo())))
                .containsExactly("entity");
    }

    @Test
    void service_mayRecordTheChoiceAnAgentOfTheCompanyTook() {
        String token = createToken(dpo(), "call-centre-app", "FR", "consent:write", "consent:read")
                .get("token")
                .asString();
        String customer = newCustomer("FR");
        ObjectNode body = choice("FR", customer, OFFERS, "refused").put("agent", "agent-4711");
        body.put("channel", "call_center");

        recorded(bearer(token), body);

        JsonNode by = parse(events(bearer(token), "FR", customer)).get(0).get("by");
        assertThat(by.get("type").asString()).isEqualTo("agent");
        assertThat(by.get("id").asString()).isEqualTo("agent-4711");
    }

    @Test
    void tokenWithoutTheScope_answers403_andRecordsNothing() {
        String reader = createToken(dpo(), "reporting", "FR", "consent:read")
                .get("token")
                .asString();
        String writer =
                createToken(dpo(), "writer", "FR", "consent:write").get("token").asString();
        String customer = newCustomer("FR");

        assertThat(record(bearer(reader), newKey(), choice("FR", customer, OFFERS, "granted"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(states(bearer(writer), "FR", customer).statusCode()).isEqualTo(403);
        assertThat(timeline("FR", customer)).isEmpty();
    }

    @Test
    void tokenOfOneEntity_answers403_forAnother() {
        String token = createToken(dpo(), "fr-only", "FR", "consent:write", "consent:read")
                .get("token")
                .asString();
        String customer = newCustomer("SN");

        HttpResponse<String> response = record(bearer(token), newKey(), choice("SN", customer, OFFERS, "granted"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(states(bearer(token), "SN", customer).statusCode()).isEqualTo(403);
        assertThat(timeline("SN", customer)).isEmpty();
    }

    @Test
    void tokens_reachOnlyTheEndpointsThatAcceptThem() {
        String token = createToken(dpo(), "nosy", "FR", "consent:write", "consent:read")
                .get("token")
                .asString();

        assertThat(get("/api/v1/activities", bearer(token)).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/tokens", bearer(token)).statusCode()).isEqualTo(403);
        assertThat(post(
                                "/api/v1/tokens",
                                bearer(token),
                                "{\"name\":\"x\",\"scopes\":[\"consent:read\"],\"entity\":\"FR\"}")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void tokenWithFeedRead_followsTheChangesOfItsEntityOnly() {
        String follower =
                createToken(dpo(), "replica", "FR", "feed:read").get("token").asString();
        String writer =
                createToken(dpo(), "shop", "FR", "consent:write").get("token").asString();
        String customer = newCustomer("FR");
        recorded(bearer(writer), choice("FR", customer, OFFERS, "granted"));
        String snCustomer = newCustomer("SN");
        recorded(dpo(), choice("SN", snCustomer, OFFERS, "granted"));

        HttpResponse<String> page = get("/api/v1/changes?after=0&limit=5000", bearer(follower));

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(parse(page).get("changes").valueStream().map(change -> change.get("entity")
                        .asString()))
                .isNotEmpty()
                .containsOnly("FR");
        assertThat(get("/api/v1/changes?entity=SN", bearer(follower)).statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/changes", bearer(writer)).statusCode()).isEqualTo(403);
    }

    @Test
    void revokedToken_answers401_andTheSecretIsNeverShownAgain() {
        JsonNode created = createToken(dpo(), "to-revoke", "FR", "consent:write");
        String id = created.get("id").asString();
        String token = created.get("token").asString();

        HttpResponse<String> list = get("/api/v1/tokens", dpo());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token).doesNotContain("\"token\"");
        JsonNode listed = parse(list)
                .valueStream()
                .filter(entry -> entry.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(listed.get("name").asString()).isEqualTo("to-revoke");
        assertThat(listed.get("scopes").valueStream().map(JsonNode::asString).toList())
                .containsExactly("consent:write");
        assertThat(listed.get("entity").asString()).isEqualTo("FR");

        assertThat(delete("/api/v1/tokens/" + id, dpo()).statusCode()).isEqualTo(204);

        HttpResponse<String> refused =
                record(bearer(token), newKey(), choice("FR", newCustomer("FR"), OFFERS, "granted"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(parse(refused).get("type").asString()).isEqualTo("urn:custodia:problem:unauthenticated");
        assertThat(get("/api/v1/tokens", dpo()).body()).doesNotContain(id);
        assertThat(delete("/api/v1/tokens/" + id, dpo()).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from api_token where token_hash like ? or name = ?")
                        .params(token.substring(0, 10) + "%", token)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void unknownToken_answers401() {
        assertThat(get("/api/v1/consents?scheme=customer_id&value=FR-1&entity=FR", bearer("cst_nothing-like-it"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void onlyDposAndEngineers_createTokens_forEntitiesTheySee() {
        assertThat(post("/api/v1/tokens", privacyFr(), tokenBody("x", "FR", "consent:read"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/tokens", auditor(), tokenBody("x", "FR", "consent:read"))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> badScope = post("/api/v1/tokens", dpo(), tokenBody("x", "FR", "consent:everything"));
        assertThat(fields(badScope)).containsExactly("scopes[0]");
        assertThat(post("/api/v1/tokens", dpo(), tokenBody("x", "ZZ", "consent:read"))
                        .statusCode())
                .isEqualTo(404);
    }

    private JsonNode createToken(String authorization, String name, String entity, String... scopes) {
        HttpResponse<String> response = post("/api/v1/tokens", authorization, tokenBody(name, entity, scopes));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response);
    }

    private String tokenBody(String name, String entity, String... scopes) {
        ObjectNode body = json.createObjectNode().put("name", name).put("entity", entity);
        List.of(scopes).forEach(body.putArray("scopes")::add);
        return body.toString();
    }

    private HttpResponse<String> delete(String path, String authorization) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", authorization)
                .DELETE()
                .build());
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
