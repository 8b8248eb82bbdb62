package io.custodia.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.CustodiaTest;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Decisions over HTTP against the server's replica: reasons, read-your-writes, batches, audiences, access. */
class DecisionsApiTest extends CustodiaTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final String OFFERS = "marketing.personalised_offers";
    private static final String NETWORK_QUALITY = "analytics.network_quality";

    @Autowired
    Subjects subjects;

    @Autowired
    ConsentLedger ledger;

    @Autowired
    PolicyCompiler compiler;

    @Autowired
    DecisionReplica replica;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aWithdrawalAcknowledged_isDeniedByTheNextDecision_everyTime() {
        String customer = newCustomer();
        for (int round = 0; round < 20; round++) {
            record(customer, OFFERS, "granted");
            assertThat(decide(customer, OFFERS).get("effect").asString()).isEqualTo("ALLOW");

            record(customer, OFFERS, "withdrawn");
            JsonNode denied = decide(customer, OFFERS);

            assertThat(denied.get("effect").asString()).as("round %d", round).isEqualTo("DENY");
            assertThat(denied.get("reason").asString()).isEqualTo("withdrawn");
        }
    }

    @Test
    void aDenial_explainsItself_andAnAllowance_carriesItsObligations() {
        String customer = newCustomer();
        record(customer, NETWORK_QUALITY, "granted");

        JsonNode denied = decide(customer, OFFERS);
        JsonNode allowed = decide(customer, NETWORK_QUALITY);

        assertThat(denied.get("effect").asString()).isEqualTo("DENY");
        assertThat(denied.get("reason").asString()).isEqualTo("no_consent");
        assertThat(denied.get("message").asString()).contains(OFFERS);
        assertThat(allowed.get("effect").asString()).isEqualTo("ALLOW");
        assertThat(allowed.has("reason")).isFalse();
        assertThat(allowed.get("obligations").get("activityName").asString()).isNotBlank();
        assertThat(allowed.get("obligations").has("pseudonymise")).isTrue();
    }

    @Test
    void anObjection_deniesALegitimateInterestPurpose() {
        String customer = newCustomer();
        assertThat(decide(customer, NETWORK_QUALITY).get("effect").asString()).isEqualTo("ALLOW");

        record(customer, NETWORK_QUALITY, "objected");

        assertThat(decide(customer, NETWORK_QUALITY).get("reason").asString()).isEqualTo("objected");
    }

    @Test
    void aCategoryTheActivityDoesNotDeclare_isDenied() {
        String customer = newCustomer();
        record(customer, OFFERS, "granted");
        ObjectNode body = question(customer, OFFERS);
        body.putArray("dataCategories").add("user.financial.bank_account");

        JsonNode answer = parse(ok(post("/api/v1/decisions", dpo(), body.toString())));

        assertThat(answer.get("reason").asString()).isEqualTo("category_not_declared");
    }

    @Test
    void anErasedCustomer_andAChildWithoutGuardian_areDenied() {
        String erased = newCustomer();
        String child = newCustomer();
        record(erased, OFFERS, "granted");
        record(child, NETWORK_QUALITY, "granted");
        UUID erasedId =
                subjects.find("FR", SubjectIdentifier.of("customer_id", erased)).orElseThrow();
        subjects.shred("system:test", erasedId);
        ObjectNode age = json.createObjectNode().put("entity", "FR").put("ageBand", "AGE_13");
        age.putObject("subject").put("scheme", "customer_id").put("value", child);
        ok(put("/api/v1/subjects/age", dpo(), age.toString()));

        assertThat(decide(erased, OFFERS).get("reason").asString()).isEqualTo("subject_erased");
        assertThat(decide(child, OFFERS).get("reason").asString()).isEqualTo("parental_consent_required");
    }

    /** A child recorded as 14 a year ago is 15 now, the French age of digital consent: the aging pass says so. */
    @Test
    void aChildWhoseBandAged_isNoLongerAChild_onceTheAgingPassRan() {
        String child = newCustomer();
        ObjectNode age = json.createObjectNode().put("entity", "FR").put("ageBand", "AGE_14");
        age.putObject("subject").put("scheme", "customer_id").put("value", child);
        ok(put("/api/v1/subjects/age", dpo(), age.toString()));
        assertThat(decide(child, OFFERS).get("reason").asString()).isEqualTo("parental_consent_required");

        jdbc.sql("update subject set age_recorded_on = current_date - interval '1 year 1 day' where id = ?")
                .param(idOf(child))
                .update();
        int published = subjects.publishAgedBands();

        assertThat(published).isGreaterThanOrEqualTo(1);
        assertThat(decide(child, OFFERS).get("reason").asString()).isEqualTo("no_consent");
        assertThat(subjects.publishAgedBands()).as("published once").isZero();
    }

    @Test
    void aHaltedActivity_deniesAtOnce_andAllowsAgainOnceResumed() {
        String customer = newCustomer();
        record(customer, NETWORK_QUALITY, "granted");
        JsonNode activities =
                parse(ok(get("/api/v1/activities?entity=FR&status=active&purpose=" + NETWORK_QUALITY, dpo())));
        assertThat(activities.size()).isEqualTo(1);
        String id = activities.get(0).get("id").asString();
        String path = "/api/v1/activities/" + id + "/status";
        try {
            ok(post(path, dpo(), "{\"status\":\"halted\",\"reason\":\"ethics committee review\"}"));

            JsonNode halted = decide(customer, NETWORK_QUALITY);

            assertThat(halted.get("reason").asString()).isEqualTo("halted");
        } finally {
            ok(post(path, dpo(), "{\"status\":\"active\",\"reason\":\"review closed\"}"));
        }
        assertThat(decide(customer, NETWORK_QUALITY).get("effect").asString()).isEqualTo("ALLOW");
    }

    @Test
    void aBatch_answersInOrder_andABadRequestIsNamedByItsPosition() {
        String granted = newCustomer();
        record(granted, OFFERS, "granted");
        ObjectNode batch = json.createObjectNode();
        batch.putArray("requests")
                .add(question(granted, OFFERS))
                .add(question(newCustomer(), OFFERS))
                .add(question(granted, NETWORK_QUALITY));

        JsonNode results = parse(ok(post("/api/v1/decisions/batch", dpo(), batch.toString())))
                .get("results");

        assertThat(results.valueStream().map(result -> result.get("effect").asString()))
                .containsExactly("ALLOW", "DENY", "ALLOW");
        ObjectNode bad = json.createObjectNode();
        bad.putArray("requests").add(question(granted, OFFERS)).add(question(granted, "not a key"));
        HttpResponse<String> refused = post("/api/v1/decisions/batch", dpo(), bad.toString());
        assertThat(fields(refused)).containsExactly("requests[1].purpose");
        assertThat(fields(post("/api/v1/decisions/batch", dpo(), "{\"requests\":\"all\"}")))
                .containsExactly("requests");
        assertThat(fields(post("/api/v1/decisions/batch", dpo(), "{\"requests\":[{\"purpose\":5}]}")))
                .containsExactly("requests[0].purpose");
        assertThat(fields(post("/api/v1/decisions/batch", dpo(), "{\"requests\":[")))
                .containsExactly("body");
    }

    @Test
    void badInput_isA400NamingEveryField() {
        ObjectNode body = json.createObjectNode().put("entity", "FR").put("jurisdiction", "SN");
        body.putObject("subject").put("scheme", "fax").put("value", "1");

        assertThat(fields(post("/api/v1/decisions", dpo(), body.toString())))
                .contains("purpose", "subject.scheme", "jurisdiction");
        assertThat(fields(post(
                        "/api/v1/decisions", dpo(), "{\"purpose\":\"" + OFFERS + "\",\"subject\":{\"id\":\"x\"}}")))
                .contains("entity");
    }

    @Test
    void anAudience_ofCandidates_keepsTheAllowedOnesInOrder_andOfEveryone_includesThem() {
        String first = newCustomer();
        String refused = newCustomer();
        String second = newCustomer();
        record(first, OFFERS, "granted");
        record(refused, OFFERS, "refused");
        record(second, OFFERS, "granted");
        ObjectNode body = json.createObjectNode().put("entity", "FR").put("purpose", OFFERS);
        var candidates = body.putArray("subjects");
        for (String customer : List.of(first, refused, second)) {
            candidates.addObject().put("scheme", "customer_id").put("value", customer);
        }

        JsonNode answer = parse(ok(post("/api/v1/audiences", dpo(), body.toString())));

        assertThat(answer.get("count").asInt()).isEqualTo(2);
        assertThat(answer.get("subjects").valueStream().map(subject -> subject.get("value")
                        .asString()))
                .containsExactly(first, second);

        body.remove("subjects");
        JsonNode everyone = parse(ok(post("/api/v1/audiences", dpo(), body.toString())));
        List<String> ids = everyone.get("subjects")
                .valueStream()
                .map(subject -> subject.get("id").asString())
                .toList();
        assertThat(everyone.get("count").asInt()).isEqualTo(ids.size());
        assertThat(ids)
                .contains(idOf(first).toString(), idOf(second).toString())
                .doesNotContain(idOf(refused).toString());
    }

    @Test
    void aServiceToken_needsDecisionsRead_andDecidesForItsEntity() {
        String reader = token("decider", "decisions:read");
        String writer = token("writer", "consent:write");
        String customer = newCustomer();
        record(customer, OFFERS, "granted");
        ObjectNode body = question(customer, OFFERS);
        body.remove("entity");

        HttpResponse<String> allowed = post("/api/v1/decisions", "Bearer " + reader, body.toString());
        HttpResponse<String> forbidden = post("/api/v1/decisions", "Bearer " + writer, body.toString());
        HttpResponse<String> otherEntity = post(
                "/api/v1/decisions",
                "Bearer " + reader,
                question(customer, OFFERS).put("entity", "SN").toString());

        assertThat(parse(ok(allowed)).get("effect").asString()).isEqualTo("ALLOW");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(otherEntity.statusCode()).isEqualTo(404);
        JsonNode found = parse(ok(get(
                "/api/v1/decisions/subject?scheme=customer_id&value=" + customer,
                "Bearer " + token("replica", "feed:read"))));
        assertThat(found.get("id").asString()).isEqualTo(idOf(customer).toString());
        assertThat(get("/api/v1/decisions/subject?scheme=customer_id&value=" + newCustomer(), "Bearer " + reader)
                        .statusCode())
                .isEqualTo(404);
        assertThat(fields(get("/api/v1/decisions/subject?scheme=fax&value=1", "Bearer " + reader)))
                .containsExactly("scheme");
        JsonNode who = parse(ok(get("/api/v1/whoami", "Bearer " + reader)));
        assertThat(who.get("entity").asString()).isEqualTo("FR");
        assertThat(who.get("rights").valueStream().map(JsonNode::asString)).containsExactly("decisions:read");
    }

    /**
     * The replica's state, kept by following the feed, is the state a fresh start computes by folding the ledger:
     * for every customer and purpose of the entity, both engines decide alike.
     */
    @Test
    void theFollowedReplica_decidesAsAFreshlyStartedOne() {
        String customer = newCustomer();
        record(customer, OFFERS, "granted");
        record(customer, NETWORK_QUALITY, "objected");
        Engine live = replica.engine("FR", Decisions.CATCH_UP).orElseThrow();
        Engine fresh = Engine.of(compiler.compile("FR").orElseThrow());
        ledger.currentStates("FR", states -> states.forEach(fresh::apply));
        subjects.currentFlags("FR", fresh::apply);
        long now = Instant.now().getEpochSecond();
        List<Question> questions = List.of(
                Question.of(TermKey.of(OFFERS)),
                Question.of(TermKey.of(NETWORK_QUALITY)),
                Question.of(TermKey.of(OFFERS), Set.of(TermKey.of("user.contact.email"))));

        int compared = 0;
        for (int ordinal = 0; ordinal < fresh.index().size(); ordinal++) {
            UUID subject = fresh.index().subjectAt(ordinal);
            for (Question question : questions) {
                Decision expected = fresh.decide(question, subject, now);
                assertThat(live.decide(question, subject, now))
                        .as("%s %s", subject, question)
                        .isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(questions.size());
        assertThat(fresh.index().ordinalOf(idOf(customer))).isPresent();
    }

    private JsonNode decide(String customer, String purpose) {
        return parse(
                ok(post("/api/v1/decisions", dpo(), question(customer, purpose).toString())));
    }

    private ObjectNode question(String customer, String purpose) {
        ObjectNode body = json.createObjectNode().put("entity", "FR").put("purpose", purpose);
        body.putObject("subject").put("scheme", "customer_id").put("value", customer);
        return body;
    }

    private void record(String customer, String purpose, String action) {
        ObjectNode body = json.createObjectNode();
        body.putObject("subject").put("scheme", "customer_id").put("value", customer);
        body.put("entity", "FR")
                .put("purpose", purpose)
                .put("action", action)
                .put("noticeVersion", 1)
                .put("channel", "api");
        ok(send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", dpo())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "test-" + UUID.randomUUID())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()))
                .build()));
    }

    private UUID idOf(String customer) {
        return subjects.find("FR", SubjectIdentifier.of("customer_id", customer))
                .orElseThrow();
    }

    private String token(String name, String... scopes) {
        ObjectNode body = json.createObjectNode().put("name", name).put("entity", "FR");
        List.of(scopes).forEach(body.putArray("scopes")::add);
        return parse(ok(post("/api/v1/tokens", dpo(), body.toString())))
                .get("token")
                .asString();
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private List<String> fields(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return parse(response)
                .get("errors")
                .valueStream()
                .map(error -> error.get("field").asString())
                .toList();
    }

    private static String dpo() {
        return basic("dpo", DEMO_PASSWORD);
    }

    private static String newCustomer() {
        return "FR-D"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                        .toUpperCase(Locale.ROOT);
    }
}
