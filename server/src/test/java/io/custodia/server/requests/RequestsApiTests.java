package io.custodia.server.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Filing, verifying and extending data-subject requests over the API. */
class RequestsApiTests extends RequestTestSupport {
    @Autowired
    RequestStore store;

    @Test
    void anAgentsRequest_isVerified_dueInOneMonth_andRecordsTheAgent() {
        String customer = unique("FR-RQ-");
        JsonNode filed = file(privacyFr(), request("objection", "FR", "customer_id", customer, "call_center"));

        assertThat(filed.get("status").asString()).isEqualTo("in_progress");
        assertThat(filed.get("agent").asString()).isEqualTo("privacy.fr");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        LocalDate due = LocalDate.parse(filed.get("dueOn").asString());
        // One month from the day of receipt, moved to the next working day at most a few days.
        assertThat(due).isBetween(today.plusMonths(1), today.plusMonths(1).plusDays(4));
        assertThat(filed.get("dueAt").asString()).isNotBlank();
    }

    @Test
    void anObjection_recordsObjected_andTheEngineAnswersObjected() {
        String customer = unique("FR-OB-");
        String id = file(privacyFr(), request("objection", "FR", "customer_id", customer, "call_center"))
                .get("id")
                .asString();

        JsonNode done = awaitStatus(id, "completed");

        assertThat(done.get("timeline").valueStream().map(event -> event.get("kind")
                        .asString()))
                .contains("received", "verified", "objected", "completed");
        assertThat(awaitDecision("FR", "customer_id", customer, "analytics.network_quality", "objected"))
                .isEqualTo("objected");
    }

    @Test
    void aRequestByEmail_waitsForTheCode_andTheAnswerIsTheSameForAStranger() {
        String known = unique("known-") + "@example.net";
        // Make the address a customer's by a verified request first.
        file(privacyFr(), request("objection", "FR", "email", known, "call_center"));
        String stranger = unique("stranger-") + "@example.net";

        JsonNode forKnown = file(privacyFr(), request("access", "FR", "email", known, "email"));
        JsonNode forStranger = file(privacyFr(), request("access", "FR", "email", stranger, "email"));

        assertThat(forKnown.get("status").asString()).isEqualTo("verifying");
        assertThat(forStranger.get("status").asString()).isEqualTo("verifying");
        assertThat(forKnown.get("tasks")).isEmpty();
        assertThat(forStranger.get("tasks")).isEmpty();
        assertThat(kinds(forKnown)).isEqualTo(kinds(forStranger));
        assertThat(messagesTo(known)).hasSize(1);
        assertThat(messagesTo(stranger)).isEmpty();
        // Filed again while waiting: the open one.
        assertThat(file(privacyFr(), request("access", "FR", "email", known, "email"))
                        .get("id")
                        .asString())
                .isEqualTo(forKnown.get("id").asString());
        // No package before verification.
        assertThat(get("/api/v1/requests/" + forKnown.get("id").asString() + "/package", dpo())
                        .statusCode())
                .isEqualTo(404);

        String knownId = forKnown.get("id").asString();
        String strangerId = forStranger.get("id").asString();
        String wrong = lastCodeSentTo(known).equals("000000") ? "111111" : "000000";
        HttpResponse<String> wrongForKnown = verify(knownId, wrong);
        HttpResponse<String> wrongForStranger = verify(strangerId, wrong);
        assertThat(wrongForKnown.statusCode()).isEqualTo(400);
        assertThat(problemDetail(wrongForKnown)).isEqualTo(problemDetail(wrongForStranger));

        HttpResponse<String> right = verify(knownId, lastCodeSentTo(known));
        assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
        assertThat(parse(right).get("status").asString()).isEqualTo("in_progress");
        assertThat(parse(right).get("verifiedAt").asString()).isNotBlank();
        // A code is used once.
        assertThat(verify(knownId, lastCodeSentTo(known)).statusCode()).isEqualTo(400);
    }

    @Test
    void aCode_allowsFiveTries_thenTheRequestIsRefused() {
        String address = unique("tries-") + "@example.net";
        file(privacyFr(), request("objection", "FR", "email", address, "call_center"));
        String id = file(privacyFr(), request("portability", "FR", "email", address, "email"))
                .get("id")
                .asString();
        String right = lastCodeSentTo(address);
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt < 5; attempt++) {
            assertThat(problemDetail(verify(id, wrong))).contains("tries left");
        }
        assertThat(problemDetail(verify(id, wrong))).contains("can no longer be used");
        assertThat(verify(id, right).statusCode()).isEqualTo(400);
        assertThat(get(id).get("status").asString()).isEqualTo("refused");
    }

    @Test
    void aRequestWhoseCodeExpiredUnused_isClosedByTheHousekeeping() {
        String address = unique("late-") + "@example.net";
        String id = file(privacyFr(), request("restriction", "FR", "email", address, "email"))
                .get("id")
                .asString();

        // The pass runs with the clock moved past the code's validity.
        store.refuseUnverified(Instant.now().plus(Duration.ofMinutes(11)));

        JsonNode closed = get(id);
        assertThat(closed.get("status").asString()).isEqualTo("refused");
        assertThat(kinds(closed)).endsWith("refused");
    }

    @Test
    void anAddress_getsAtMostThreeCodesAWhile() {
        String address = unique("limit-") + "@example.net";
        for (String type : new String[] {"access", "erasure", "restriction"}) {
            file(privacyFr(), request(type, "FR", "email", address, "email"));
        }

        HttpResponse<String> fourth = post(
                "/api/v1/requests",
                privacyFr(),
                request("objection", "FR", "email", address, "email").toString());

        assertThat(fourth.statusCode()).as(fourth.body()).isEqualTo(429);
    }

    @Test
    void anExtension_addsTwoMonths_once_andTellsTheCustomer() {
        String address = unique("ext-") + "@example.net";
        file(privacyFr(), request("objection", "FR", "email", address, "call_center"));
        JsonNode filed = file(privacyFr(), request("access", "FR", "email", address, "email"));
        String id = filed.get("id").asString();
        LocalDate due = LocalDate.parse(filed.get("dueOn").asString());

        HttpResponse<String> extended =
                post("/api/v1/requests/" + id + "/extension", dpo(), "{\"reason\":\"Twelve systems to search\"}");

        assertThat(extended.statusCode()).as(extended.body()).isEqualTo(200);
        LocalDate newDue = LocalDate.parse(parse(extended).get("dueOn").asString());
        assertThat(newDue).isAfter(due.plusMonths(2).minusDays(5));
        assertThat(parse(extended).get("extensionReason").asString()).isEqualTo("Twelve systems to search");
        assertThat(messagesTo(address))
                .anySatisfy(message -> assertThat(message.text()).contains("Twelve systems to search"));
        assertThat(fields(post("/api/v1/requests/" + id + "/extension", dpo(), "{\"reason\":\"again\"}")))
                .containsExactly("reason");
        assertThat(fields(post("/api/v1/requests/" + id + "/extension", dpo(), "{\"reason\":\" \"}")))
                .containsExactly("reason");
    }

    @Test
    void badInput_namesEveryField_andStoresNothing() {
        ObjectNode body = json.createObjectNode().put("type", "everything").put("channel", "pigeon");
        body.putObject("subject").put("scheme", "shoe_size").put("value", "42");
        body.put("entity", "FR").put("language", "de");

        assertThat(fields(post("/api/v1/requests", privacyFr(), body.toString())))
                .contains("type", "channel", "language")
                .anyMatch(field -> field.startsWith("subject"));
        assertThat(fields(post(
                        "/api/v1/requests",
                        privacyFr(),
                        request("rectification", "FR", "customer_id", unique("FR-X-"), "web")
                                .toString())))
                .containsExactly("values");
    }

    @Test
    void aToken_needsRequestsWrite_andSeesOnlyItsEntity() {
        String writer = token("requests:write");
        String reader = token("consent:read");
        String customer = unique("FR-TK-");

        HttpResponse<String> filed = post(
                "/api/v1/requests",
                "Bearer " + writer,
                request("objection", "FR", "customer_id", customer, "app").toString());
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        assertThat(parse(filed).has("agent")).isFalse();
        assertThat(post(
                                "/api/v1/requests",
                                "Bearer " + reader,
                                request("objection", "FR", "customer_id", customer, "app")
                                        .toString())
                        .statusCode())
                .isEqualTo(403);
        String id = parse(filed).get("id").asString();
        assertThat(get("/api/v1/requests/" + id, "Bearer " + writer).statusCode())
                .isEqualTo(200);
        // Another entity's staff member sees nothing of it.
        assertThat(get("/api/v1/requests/" + id, basic("privacy.ke", DEMO_PASSWORD))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aManualSystem_becomesATaskAPersonCompletes_thenTheRequestFinishes() {
        String entity = createEntity('M', "Manual systems");
        ObjectNode archive = json.createObjectNode()
                .put("entity", entity)
                .put("key", "paper-archive")
                .put("type", "manual")
                .put("name", "Paper archive")
                .put("instructions", "Shred the customer's paper contracts in the Lyon archive");
        HttpResponse<String> created = post("/api/v1/connections", admin(), archive.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String customer = unique("M-");

        JsonNode filed = file(dpo(), request("erasure", entity, "customer_id", customer, "store"));
        String id = filed.get("id").asString();
        JsonNode manual = filed.get("tasks")
                .valueStream()
                .filter(task -> task.get("manual").asBoolean())
                .findFirst()
                .orElseThrow();
        assertThat(manual.get("status").asString()).isEqualTo("manual");
        assertThat(manual.get("instructions").asString()).contains("Lyon archive");
        String taskId = manual.get("id").asString();
        // Nothing after it runs while it waits: the identifiers are not shredded before the archive is done.
        assertThat(get(id).get("status").asString()).isEqualTo("in_progress");
        assertThat(fields(post("/api/v1/requests/" + id + "/tasks/" + taskId + "/complete", dpo(), "{}")))
                .containsExactly("note");
        assertThat(fields(post("/api/v1/requests/" + id + "/tasks/" + taskId + "/retry", dpo(), "")))
                .containsExactly("task");
        assertThat(post(
                                "/api/v1/requests/" + id + "/tasks/" + taskId + "/complete",
                                basic("privacy.ke", DEMO_PASSWORD),
                                "{\"note\":\"done\"}")
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> completed = post(
                "/api/v1/requests/" + id + "/tasks/" + taskId + "/complete",
                dpo(),
                "{\"note\":\"Two contracts shredded on site\"}");

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode done = awaitStatus(id, "completed");
        assertThat(kinds(done)).containsSubsequence("manual_task", "manual_done", "erased", "completed");
    }

    private String token(String... scopes) {
        ObjectNode body = json.createObjectNode().put("name", unique("svc-")).put("entity", "FR");
        var array = body.putArray("scopes");
        for (String scope : scopes) {
            array.add(scope);
        }
        HttpResponse<String> response = post("/api/v1/tokens", dpo(), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response).get("token").asString();
    }

    private HttpResponse<String> verify(String id, String code) {
        return post("/api/v1/requests/" + id + "/verify", privacyFr(), "{\"code\":\"" + code + "\"}");
    }

    private String problemDetail(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return parse(response).get("errors").get(0).get("message").asString();
    }

    private static java.util.List<String> kinds(JsonNode request) {
        return request.get("timeline")
                .valueStream()
                .map(event -> event.get("kind").asString())
                .toList();
    }
}
