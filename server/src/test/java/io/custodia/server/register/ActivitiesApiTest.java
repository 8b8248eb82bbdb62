package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.audit.AuditTrail;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Processing activities over HTTP: the rules, the statuses, optimistic locking and the audit trail. */
class ActivitiesApiTest extends RegisterTestSupport {

    @Autowired
    AuditTrail auditTrail;

    @Autowired
    JdbcClient jdbc;

    @Test
    void completeActivity_isStoredAsDraft_andReadBack() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String name = unique("Billing");
        var activity = created(
                post("/api/v1/activities", dpo, completeActivity(entity, name).toString()));

        assertThat(activity.get("status").asString()).isEqualTo("draft");
        assertThat(activity.get("version").asLong()).isEqualTo(1);
        assertThat(activity.has("warnings")).isFalse();
        var read = get("/api/v1/activities/" + activity.get("id").asString(), dpo);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        var body = parse(read);
        assertThat(body.get("entity").asString()).isEqualTo(entity);
        assertThat(body.get("purposes").get(1).get("legalBasis").asString()).isEqualTo("consent");
        assertThat(body.get("dataCategories").get(0).asString()).isEqualTo("user.contact.email");
        assertThat(body.get("retention").get("period").asString()).isEqualTo("P5Y");
        assertThat(namesMatching(dpo, name)).containsExactly(name);
    }

    @Test
    void activity_answersWithTheFieldsThePublicContractNames_onCreateReadAndList() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        created(post("/api/v1/recipients", dpo, processorBody(entity, "mailer")));
        String name = unique("Contract");
        ObjectNode activity = completeActivity(entity, name);
        activity.putArray("recipients").add("mailer");
        var stored = created(post("/api/v1/activities", dpo, activity.toString()));
        String id = stored.get("id").asString();

        // API.md: id, name, entity, purposes[{key, legalBasis}], dataCategories[], recipients[], retention, status
        List<JsonNode> answers = List.of(
                stored,
                parse(get("/api/v1/activities/" + id, dpo)),
                parse(get("/api/v1/activities?entity=" + entity, dpo)).get(0));
        for (JsonNode answer : answers) {
            assertThat(UUID.fromString(answer.get("id").asString())).isEqualTo(UUID.fromString(id));
            assertThat(answer.get("name").asString()).isEqualTo(name);
            assertThat(answer.get("entity").asString()).isEqualTo(entity);
            assertThat(answer.get("purposes").get(0).get("key").asString()).isEqualTo("service.billing");
            assertThat(answer.get("purposes").get(0).get("legalBasis").asString())
                    .isEqualTo("contract");
            assertThat(answer.get("dataCategories").valueStream().map(JsonNode::asString))
                    .containsExactly("user.contact.email", "user.account.customer_number");
            assertThat(answer.get("recipients").valueStream().map(JsonNode::asString))
                    .containsExactly("mailer");
            assertThat(answer.get("retention").get("period").asString()).isEqualTo("P5Y");
            assertThat(answer.get("status").asString()).isEqualTo("draft");
        }
    }

    @Test
    void incompleteDraft_isStored_withWarningsNamingWhatIsMissing() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Offers"));
        ((ObjectNode) activity.get("purposes").get(1)).remove("notice");
        activity.remove("retention");
        ((ObjectNode) activity.get("explanation")).remove("fr");

        var body = created(post("/api/v1/activities", dpo, activity.toString()));
        assertThat(body.get("status").asString()).isEqualTo("draft");
        assertThat(body.get("warnings").findValuesAsString("field"))
                .containsExactlyInAnyOrder("purposes[1].notice", "retention.period", "explanation.fr");
    }

    static Stream<Arguments> structuralErrors() {
        return Stream.of(
                Arguments.of("unknown purpose", "purposes[0].key", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("purposes").get(0)).put("key", "service.teleportation")),
                Arguments.of("legal basis outside the six", "purposes[0].legalBasis", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("purposes").get(0)).put("legalBasis", "because")),
                Arguments.of("malformed renewal period", "purposes[1].renewalPeriod", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("purposes").get(1)).put("renewalPeriod", "13 months")),
                Arguments.of("unknown data category", "dataCategories[1]", (Consumer<ObjectNode>) a ->
                        a.putArray("dataCategories").add("user.contact.email").add("user.soul")),
                Arguments.of("unknown subject type", "subjectTypes[0]", (Consumer<ObjectNode>)
                        a -> a.putArray("subjectTypes").add("martian")),
                Arguments.of("unknown system", "systems[0]", (Consumer<ObjectNode>)
                        a -> a.putArray("systems").add("no-such-system")),
                Arguments.of("unknown dataset", "datasets[0]", (Consumer<ObjectNode>)
                        a -> a.putArray("datasets").add("no-such-dataset")),
                Arguments.of("unknown recipient", "recipients[0]", (Consumer<ObjectNode>)
                        a -> a.putArray("recipients").add("no-such-recipient")),
                Arguments.of("unknown Art. 9 condition", "art9Condition", (Consumer<ObjectNode>)
                        a -> a.put("art9Condition", "we_asked_nicely")),
                Arguments.of("malformed transfer country", "transfers[0].country", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("transfers").get(0)).put("country", "Switzerland")),
                Arguments.of("unknown safeguard", "transfers[0].safeguard", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("transfers").get(0)).put("safeguard", "handshake")),
                Arguments.of("malformed retention", "retention.period", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("retention")).put("period", "five years")),
                Arguments.of("zero retention", "retention.period", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("retention")).put("period", "P0D")),
                Arguments.of("no name", "name", (Consumer<ObjectNode>) a -> a.put("name", " ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structuralErrors")
    void structuralError_answers400NamingTheField_andStoresNothing(
            String rule, String field, Consumer<ObjectNode> breakIt) {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String name = unique("Broken " + rule);
        ObjectNode activity = completeActivity(entity, name);
        breakIt.accept(activity);

        var response = post("/api/v1/activities", dpo, activity.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(errorFields(response)).contains(field);
        assertThat(get("/api/v1/activities?entity=" + entity, dpo).body()).isEqualTo("[]");
    }

    static Stream<Arguments> gapsBeforeActivation() {
        return Stream.of(
                Arguments.of("consent purpose without notice", "purposes[1].notice", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("purposes").get(1)).remove("notice")),
                Arguments.of("special category without Art. 9 condition", "art9Condition", (Consumer<ObjectNode>)
                        a -> a.putArray("dataCategories").add("user.health")),
                Arguments.of("transfer without adequacy or safeguard", "transfers[0].safeguard", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("transfers").get(0))
                                .put("country", "MA")
                                .put("safeguard", "none")),
                Arguments.of(
                        "US adequacy for a recipient not certified", "transfers[0].safeguard", (Consumer<ObjectNode>)
                                a -> ((ObjectNode) a.get("transfers").get(0))
                                        .put("country", "US")
                                        .put("safeguard", "adequacy")),
                Arguments.of("no retention", "retention.period", (Consumer<ObjectNode>) a -> a.remove("retention")),
                Arguments.of("no French explanation", "explanation.fr", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("explanation")).remove("fr")),
                Arguments.of("no English customer value", "customerValue.en", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("customerValue")).remove("en")),
                Arguments.of("purpose without legal basis", "purposes[0].legalBasis", (Consumer<ObjectNode>)
                        a -> ((ObjectNode) a.get("purposes").get(0)).remove("legalBasis")),
                Arguments.of("no controller contact", "controllerContact", (Consumer<ObjectNode>)
                        a -> a.remove("controllerContact")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gapsBeforeActivation")
    void gap_blocksAnActiveActivity_with400NamingTheField_andStoresNothing(
            String rule, String field, Consumer<ObjectNode> breakIt) {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Gap " + rule));
        breakIt.accept(activity);
        activity.put("status", "active");

        var response = post("/api/v1/activities", dpo, activity.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(errorFields(response)).contains(field);
        assertThat(get("/api/v1/activities?entity=" + entity, dpo).body()).isEqualTo("[]");

        activity.remove("status");
        var draft = created(post("/api/v1/activities", dpo, activity.toString()));
        assertThat(draft.get("warnings").findValuesAsString("field")).contains(field);
    }

    @Test
    void draft_becomesActiveOnlyOnceComplete() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Care"));
        ((ObjectNode) activity.get("customerValue")).remove("fr");
        var draft = created(post("/api/v1/activities", dpo, activity.toString()));
        String id = draft.get("id").asString();

        var refused = postStatus(id, dpo, "active", "launch");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorFields(refused)).containsExactly("customerValue.fr");
        assertThat(parse(get("/api/v1/activities/" + id, dpo)).get("status").asString())
                .isEqualTo("draft");

        ((ObjectNode) activity.get("customerValue")).put("fr", "Un meilleur service.");
        activity.put("version", 1);
        assertThat(put("/api/v1/activities/" + id, dpo, activity.toString()).statusCode())
                .isEqualTo(200);
        var activated = postStatus(id, dpo, "active", "launch");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(parse(activated).get("status").asString()).isEqualTo("active");
        assertThat(parse(activated).get("statusReason").asString()).isEqualTo("launch");
        assertThat(parse(activated).get("version").asLong()).isEqualTo(3);
    }

    @Test
    void activeActivity_cannotBeEditedIntoAnIncompleteOne() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Active"));
        activity.put("status", "active");
        var active = created(post("/api/v1/activities", dpo, activity.toString()));
        activity.remove("retention");
        activity.put("version", active.get("version").asLong());

        var response = put("/api/v1/activities/" + active.get("id").asString(), dpo, activity.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorFields(response)).containsExactly("retention.period");
    }

    @Test
    void staleVersion_answers409_andIfMatchWorksLikeTheVersionField() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Locking"));
        String id = created(post("/api/v1/activities", dpo, activity.toString()))
                .get("id")
                .asString();

        activity.put("version", 1).put("dpoContact", "first@example.test");
        var first = put("/api/v1/activities/" + id, dpo, activity.toString());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");

        activity.put("dpoContact", "second@example.test");
        var stale = put("/api/v1/activities/" + id, dpo, activity.toString());
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(parse(get("/api/v1/activities/" + id, dpo)).get("dpoContact").asString())
                .isEqualTo("first@example.test");

        activity.remove("version");
        var withoutVersion = put("/api/v1/activities/" + id, dpo, activity.toString());
        assertThat(withoutVersion.statusCode()).isEqualTo(400);
        assertThat(errorFields(withoutVersion)).containsExactly("version");

        var ifMatch = send(HttpRequest.newBuilder(uri("/api/v1/activities/" + id))
                .header("Authorization", dpo)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"2\"")
                .PUT(HttpRequest.BodyPublishers.ofString(activity.toString()))
                .build());
        assertThat(ifMatch.statusCode()).as(ifMatch.body()).isEqualTo(200);
        assertThat(parse(ifMatch).get("version").asLong()).isEqualTo(3);
    }

    @Test
    void retired_isFinal() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Retired"));
        activity.put("status", "active");
        String id = created(post("/api/v1/activities", dpo, activity.toString()))
                .get("id")
                .asString();

        assertThat(postStatus(id, dpo, "halted", "committee").statusCode()).isEqualTo(200);
        assertThat(postStatus(id, dpo, "active", "resumed").statusCode()).isEqualTo(200);
        assertThat(postStatus(id, dpo, "retired", "service closed").statusCode())
                .isEqualTo(200);

        assertThat(postStatus(id, dpo, "active", "again").statusCode()).isEqualTo(409);
        assertThat(postStatus(id, dpo, "draft", "again").statusCode()).isEqualTo(409);
        activity.put("version", 4);
        assertThat(put("/api/v1/activities/" + id, dpo, activity.toString()).statusCode())
                .isEqualTo(409);
        assertThat(parse(get("/api/v1/activities/" + id, dpo)).get("status").asString())
                .isEqualTo("retired");
    }

    @Test
    void haltingAndRetiring_workEvenWhenTheRecordWentStale() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode activity = completeActivity(entity, unique("Stale"));
        activity.put("status", "active");
        String id = created(post("/api/v1/activities", dpo, activity.toString()))
                .get("id")
                .asString();
        // As if the taxonomy had dropped a category the activity still names.
        jdbc.sql("update register_activity set content = jsonb_set(content, '{dataCategories}', '[\"user.gone\"]')"
                        + " where id = ?")
                .param(UUID.fromString(id))
                .update();

        assertThat(get("/api/v1/activities/" + id, dpo).body()).contains("dataCategories[0]");
        var halted = postStatus(id, dpo, "halted", "committee decision");
        assertThat(halted.statusCode()).as(halted.body()).isEqualTo(200);
        assertThat(postStatus(id, dpo, "active", "resume").statusCode()).isEqualTo(400);
        assertThat(postStatus(id, dpo, "retired", "closed").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedIdOrFilter_answers400NamingTheParameter() {
        var badId = get("/api/v1/activities/not-a-uuid", admin());
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(errorFields(badId)).containsExactly("id");

        var badStatus = get("/api/v1/activities?status=paused", admin());
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(errorFields(badStatus)).containsExactly("status");

        ObjectNode withoutEntity = completeActivity("FR", unique("No entity"));
        withoutEntity.remove("entity");
        var noEntity = post("/api/v1/activities", admin(), withoutEntity.toString());
        assertThat(noEntity.statusCode()).isEqualTo(400);
        assertThat(errorFields(noEntity)).containsExactly("entity");
    }

    @Test
    void forbiddenMoves_answer409() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        String id = created(post(
                        "/api/v1/activities",
                        dpo,
                        completeActivity(entity, unique("Moves")).toString()))
                .get("id")
                .asString();
        assertThat(postStatus(id, dpo, "halted", "").statusCode()).isEqualTo(409);
        assertThat(postStatus(id, dpo, "draft", "").statusCode()).isEqualTo(409);
        var unknown = postStatus(id, dpo, "paused", "");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(errorFields(unknown)).containsExactly("status");
    }

    @Test
    void listFilters_combine() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        ObjectNode billing = completeActivity(entity, unique("Filter billing"));
        billing.put("status", "active");
        created(post("/api/v1/activities", dpo, billing.toString()));
        ObjectNode research = completeActivity(entity, unique("Filter research"));
        research.putArray("purposes")
                .addObject()
                .put("key", "research.innovation")
                .put("legalBasis", "legitimate_interest");
        research.putArray("dataCategories").add("user.device.telemetry");
        created(post("/api/v1/activities", dpo, research.toString()));

        assertThat(parse(get("/api/v1/activities?entity=" + entity, dpo))).hasSize(2);
        assertThat(parse(get("/api/v1/activities?entity=" + entity + "&status=active", dpo)))
                .hasSize(1);
        assertThat(parse(get("/api/v1/activities?entity=" + entity + "&purpose=research.innovation", dpo)))
                .singleElement()
                .satisfies(a -> assertThat(a.get("name").asString()).startsWith("Filter research"));
        assertThat(parse(get("/api/v1/activities?entity=" + entity + "&dataCategory=user.contact.email", dpo)))
                .hasSize(1);
        assertThat(parse(get("/api/v1/activities?entity=" + entity + "&q=filter%20RESEARCH", dpo)))
                .hasSize(1);
        assertThat(parse(get("/api/v1/activities?entity=" + entity + "&q=100%25", dpo)))
                .isEmpty();
    }

    @Test
    void everyWrite_leavesAnAuditEntry() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        long before = latestSeq();
        ObjectNode activity = completeActivity(entity, unique("Audited"));
        String id = created(post("/api/v1/activities", dpo, activity.toString()))
                .get("id")
                .asString();
        activity.put("version", 1);
        assertThat(put("/api/v1/activities/" + id, dpo, activity.toString()).statusCode())
                .isEqualTo(200);
        assertThat(postStatus(id, dpo, "active", "go").statusCode()).isEqualTo(200);

        var entries = auditTrail.after(before, 10_000).stream()
                .filter(entry -> entry.objectId().equals(id))
                .toList();
        assertThat(entries)
                .extracting(AuditTrail.AuditEntryView::action)
                .containsExactly("activity.created", "activity.updated", "activity.status_changed");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.entityCode()).isEqualTo(entity);
            assertThat(entry.actor()).startsWith("staff:reg-");
            assertThat(entry.verifies()).isTrue();
        });
    }

    @Test
    void apiDescription_documentsTheRegister() {
        var paths = parse(getAnonymous("/v3/api-docs")).get("paths");
        assertThat(paths.has("/api/v1/activities")).isTrue();
        assertThat(paths.has("/api/v1/activities/{id}/status")).isTrue();
        assertThat(paths.has("/api/v1/register/export")).isTrue();
        assertThat(paths.has("/api/v1/register/import")).isTrue();
        assertThat(paths.has("/api/v1/recipients")).isTrue();
    }

    long latestSeq() {
        long seq = 0;
        var page = auditTrail.after(seq, 10_000);
        while (!page.isEmpty()) {
            seq = page.get(page.size() - 1).seq();
            page = auditTrail.after(seq, 10_000);
        }
        return seq;
    }
}
