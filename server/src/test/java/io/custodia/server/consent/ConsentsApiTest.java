package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Recording choices and reading them back over HTTP: the rules, idempotency, the fold's answers. */
class ConsentsApiTest extends ConsentTestSupport {

    @Test
    void grant_isRecorded_withItsReceipt_andTheStateItLeads() {
        String customer = newCustomer("FR");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        JsonNode answer = recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        String eventId = answer.get("eventId").asString();
        assertThat(answer.get("receiptUrl").asString()).isEqualTo("/api/v1/receipts/" + eventId);
        JsonNode state = answer.get("state");
        assertThat(state.get("purpose").asString()).isEqualTo(OFFERS);
        assertThat(state.get("status").asString()).isEqualTo("granted");
        assertThat(state.get("noticeVersion").asInt()).isEqualTo(1);
        Instant since = Instant.parse(state.get("since").asString());
        assertThat(since).isAfterOrEqualTo(before);
        // The demo register renews consent to personalised offers every 13 months.
        assertThat(Instant.parse(state.get("expiresAt").asString()))
                .isEqualTo(since.atOffset(ZoneOffset.UTC).plusMonths(13).toInstant());
        assertThat(state.has("askAgainAfter")).isTrue();
        assertThat(state.get("askAgainAfter").isNull()).isTrue();
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("granted");
    }

    @Test
    void states_listEveryPurposeThatTakesChoices_andAnUnknownCustomerLooksLikeOneWhoNeverChose() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, RESEARCH, "refused"));

        List<JsonNode> known =
                parse(states(dpo(), "FR", customer)).valueStream().toList();
        List<JsonNode> unknown =
                parse(states(dpo(), "FR", newCustomer("FR"))).valueStream().toList();

        assertThat(known)
                .extracting(state -> state.get("purpose").asString())
                .containsExactlyElementsOf(unknown.stream()
                        .map(state -> state.get("purpose").asString())
                        .toList())
                .contains(OFFERS, PARTNERS, RESEARCH, NETWORK_QUALITY, "security.fraud_prevention")
                .doesNotContain("service.provision", "service.billing");
        assertThat(unknown).allSatisfy(state -> {
            assertThat(state.get("status").asString()).isEqualTo("none");
            assertThat(state.propertyNames())
                    .containsExactlyInAnyOrder(
                            "purpose", "status", "since", "expiresAt", "noticeVersion", "askAgainAfter");
        });
        JsonNode refused = known.stream()
                .filter(state -> state.get("purpose").asString().equals(RESEARCH))
                .findFirst()
                .orElseThrow();
        assertThat(refused.get("status").asString()).isEqualTo("refused");
        assertThat(Instant.parse(refused.get("askAgainAfter").asString()))
                .isEqualTo(Instant.parse(refused.get("since").asString())
                        .atOffset(ZoneOffset.UTC)
                        .plusMonths(6)
                        .toInstant());
        assertThat(parse(events(dpo(), "FR", newCustomer("FR")))).isEmpty();
    }

    @Test
    void aChoice_narrowedToARecipientWhoseKeyHasHyphens_isRecorded_andAnUnknownRecipientIsNamed() {
        String customer = newCustomer("FR");
        ObjectNode narrowed = choice("FR", customer, RESEARCH, "granted").put("recipient", "open-lab");

        recorded(dpo(), narrowed);
        HttpResponse<String> unknown = record(
                dpo(), newKey(), choice("FR", customer, RESEARCH, "granted").put("recipient", "no-such-lab"));

        assertThat(timeline("FR", customer).get(0).get("recipient").asString()).isEqualTo("open-lab");
        assertThat(fields(unknown)).containsExactly("recipient");
    }

    @Test
    void aNoticeWrittenForThePhone_cannotProveAChoiceMadeOnTheWeb() {
        String customer = newCustomer("FR");
        String recording = "service.customer_care.call_recording";

        HttpResponse<String> web = record(dpo(), newKey(), choice("FR", customer, recording, "granted"));
        ObjectNode byPhone = choice("FR", customer, recording, "granted").put("channel", "call_center");

        assertThat(fields(web)).containsExactly("channel");
        assertThat(parse(web).get("errors").get(0).get("message").asString()).contains("call_center", "not for web");
        recorded(dpo(), byPhone);
        assertThat(timeline("FR", customer)).hasSize(1);
    }

    @Test
    void anObjection_isLiftedByAGrant_whenTheCustomerAcceptsTheProcessingAgain() {
        String customer = newCustomer("FR");

        recorded(dpo(), choice("FR", customer, NETWORK_QUALITY, "objected"));
        assertThat(state("FR", customer, NETWORK_QUALITY).get("status").asString())
                .isEqualTo("objected");
        JsonNode lifted = recorded(dpo(), choice("FR", customer, NETWORK_QUALITY, "granted"));

        assertThat(lifted.get("state").get("status").asString()).isEqualTo("granted");
        // Only consent is renewed: a lifted objection has no renewal date.
        assertThat(lifted.get("state").get("expiresAt").isNull()).isTrue();
    }

    @Test
    void sameKeyAgain_answersTheFirstResult_andRecordsNothing() {
        String customer = newCustomer("FR");
        String key = newKey();
        ObjectNode grant = choice("FR", customer, OFFERS, "granted");

        HttpResponse<String> first = record(dpo(), key, grant);
        HttpResponse<String> again = record(dpo(), key, grant);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(parse(again)).isEqualTo(parse(first));
        assertThat(timeline("FR", customer)).hasSize(1);
    }

    @Test
    void sameKeyWithAnotherRequest_answers409_andRecordsNothing() {
        String customer = newCustomer("FR");
        String key = newKey();
        assertThat(record(dpo(), key, choice("FR", customer, OFFERS, "granted")).statusCode())
                .isEqualTo(201);

        HttpResponse<String> reused = record(dpo(), key, choice("FR", customer, OFFERS, "withdrawn"));

        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(parse(reused).get("type").asString()).isEqualTo("urn:custodia:problem:conflict");
        assertThat(timeline("FR", customer)).hasSize(1);
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("granted");
    }

    @Test
    void withdrawalAfterGrant_leavesTheStateWithdrawn() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, PARTNERS, "granted"));

        JsonNode withdrawal = recorded(dpo(), choice("FR", customer, PARTNERS, "withdrawn"));

        assertThat(withdrawal.get("state").get("status").asString()).isEqualTo("withdrawn");
        assertThat(state("FR", customer, PARTNERS).get("status").asString()).isEqualTo("withdrawn");
        assertThat(timeline("FR", customer))
                .extracting(event -> event.get("action").asString())
                .containsExactly("granted", "withdrawn");
    }

    @Test
    void grantArrivingLate_madeBeforeAWithdrawalAlreadyRecorded_doesNotOverrideIt() {
        String customer = newCustomer("FR");
        Instant offline = Instant.now().minus(2, ChronoUnit.HOURS);
        recorded(dpo(), choice("FR", customer, OFFERS, "withdrawn"));

        // A device that was offline sends, now, a grant the customer made two hours ago.
        ObjectNode late = choice("FR", customer, OFFERS, "granted").put("clientTime", offline.toString());
        late.put("channel", "app");
        JsonNode answer = recorded(dpo(), late);

        assertThat(answer.get("superseded").asBoolean()).isTrue();
        assertThat(answer.get("state").get("status").asString()).isEqualTo("withdrawn");
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("withdrawn");
        List<JsonNode> timeline = timeline("FR", customer);
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(1).get("superseded").asBoolean()).isTrue();
        assertThat(Instant.parse(timeline.get(1).get("clientTime").asString()))
                .isEqualTo(offline.truncatedTo(ChronoUnit.MICROS));

        // A grant made now, after the withdrawal, counts.
        assertThat(recorded(dpo(), choice("FR", customer, OFFERS, "granted"))
                        .get("state")
                        .get("status")
                        .asString())
                .isEqualTo("granted");
    }

    @Test
    void unknownPurpose_isRefused_namingTheField_andNothingIsStored() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        assertThat(fields(record(dpo(), newKey(), choice("FR", customer, "marketing.spam", "granted"))))
                .containsExactly("purpose");
        // In the taxonomy, but no active activity of the entity declares it.
        HttpResponse<String> undeclared =
                record(dpo(), newKey(), choice("FR", customer, "analytics.service_usage", "granted"));
        assertThat(fields(undeclared)).containsExactly("purpose");
        assertThat(parse(undeclared).get("errors").get(0).get("message").asString())
                .contains("no active processing activity of FR declares");

        assertThat(timeline("FR", customer)).hasSize(1);
    }

    @Test
    void unpublishedNoticeVersion_isRefused_namingNoticeVersion() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        HttpResponse<String> response = record(
                dpo(), newKey(), choice("FR", customer, OFFERS, "withdrawn").put("noticeVersion", 2));

        assertThat(fields(response)).containsExactly("noticeVersion");
        assertThat(parse(response).get("errors").get(0).get("message").asString())
                .contains("version 2", "not published", "latest is version 1");
        assertThat(timeline("FR", customer)).hasSize(1);
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("granted");
    }

    @Test
    void actionTheLegalBasisDoesNotAllow_isRefused_namingAction() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        // Network quality is processed on legitimate interest: one objects to it, one does not refuse consent to it.
        HttpResponse<String> grant = record(dpo(), newKey(), choice("FR", customer, NETWORK_QUALITY, "refused"));
        // Personalised offers are processed on consent: one withdraws, one does not object.
        HttpResponse<String> objection = record(dpo(), newKey(), choice("FR", customer, OFFERS, "objected"));
        // Custodia records expiries itself.
        HttpResponse<String> expiry = record(dpo(), newKey(), choice("FR", customer, OFFERS, "expired"));
        // Service provision is processed on a contract: nothing to choose.
        HttpResponse<String> contract =
                record(dpo(), newKey(), choice("FR", customer, "service.provision", "withdrawn"));

        assertThat(fields(grant)).contains("action");
        assertThat(parse(grant).toString()).contains("legitimate interest");
        assertThat(fields(objection)).containsExactly("action");
        assertThat(fields(expiry)).containsExactly("action");
        assertThat(fields(contract)).contains("action");
        assertThat(timeline("FR", customer)).hasSize(1);
    }

    @Test
    void clientTimeTooFarAhead_isRefused_namingClientTime() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(10).toString();

        HttpResponse<String> response = record(
                dpo(), newKey(), choice("FR", customer, OFFERS, "withdrawn").put("clientTime", future));

        assertThat(fields(response)).containsExactly("clientTime");
        assertThat(parse(response).get("errors").get(0).get("message").asString())
                .contains("ahead of Custodia");
        assertThat(timeline("FR", customer)).hasSize(1);
        // A few seconds ahead is within the tolerance.
        assertThat(record(
                                dpo(),
                                newKey(),
                                choice("FR", customer, OFFERS, "withdrawn")
                                        .put(
                                                "clientTime",
                                                OffsetDateTime.now(ZoneOffset.UTC)
                                                        .plusSeconds(30)
                                                        .toString()))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void everyBrokenRule_isReportedAtOnce() {
        ObjectNode body = choice("FR", "not a customer number!", OFFERS, "maybe");
        body.put("channel", "carrier_pigeon").put("clientTime", "yesterday").put("noticeVersion", 0);
        body.putArray("dataCategories").add("user.contact.email").add("user.contact.fax");

        assertThat(fields(record(dpo(), null, body)))
                .containsExactlyInAnyOrder(
                        "subject.value",
                        "Idempotency-Key",
                        "action",
                        "channel",
                        "clientTime",
                        "dataCategories[1]",
                        "noticeVersion");
    }

    @Test
    void malformedIdentifiers_areRefused_onWritesAndReads() {
        ObjectNode body = choice("FR", "x", OFFERS, "granted");
        ((ObjectNode) body.get("subject")).put("scheme", "passport");
        assertThat(fields(record(dpo(), newKey(), body))).containsExactly("subject.scheme");

        ObjectNode email = choice("FR", "x", OFFERS, "granted");
        ((ObjectNode) email.get("subject")).put("scheme", "email").put("value", "not-an-email");
        assertThat(fields(record(dpo(), newKey(), email))).containsExactly("subject.value");

        assertThat(fields(get("/api/v1/consents?scheme=phone&value=12&entity=FR", dpo())))
                .containsExactly("value");
        assertThat(fields(get("/api/v1/consents/events?entity=FR", dpo()))).containsExactly("scheme", "value");
    }

    @Test
    void firstContact_registersTheCustomer_whoIsThenFoundByAnyIdentifierGiven() {
        String email = "first.contact." + newKey().substring(5, 13) + "@example.org";
        ObjectNode body = choice("FR", "x", OFFERS, "granted");
        ((ObjectNode) body.get("subject"))
                .put("scheme", "email")
                .put("value", email.toUpperCase(java.util.Locale.ROOT));
        recorded(dpo(), body);

        JsonNode states = parse(get("/api/v1/consents?scheme=email&value=" + email + "&entity=FR", dpo()));
        assertThat(states.valueStream()
                        .filter(state -> state.get("purpose").asString().equals(OFFERS))
                        .findFirst()
                        .orElseThrow()
                        .get("status")
                        .asString())
                .isEqualTo("granted");
    }

    @Test
    void timeline_showsTheNoticeTheChannelAndTheAgent() {
        String customer = newCustomer("FR");
        ObjectNode grant = choice("FR", customer, RESEARCH, "granted");
        grant.putArray("dataCategories").add("user.location");
        recorded(privacyFr(), grant);

        JsonNode event = timeline("FR", customer).get(0);

        assertThat(event.get("action").asString()).isEqualTo("granted");
        assertThat(event.get("channel").asString()).isEqualTo("web");
        assertThat(event.get("noticeKey").asString()).isEqualTo("notice.research");
        assertThat(event.get("noticeVersion").asInt()).isEqualTo(1);
        assertThat(event.get("noticeHash").asString()).hasSize(64);
        assertThat(event.get("by").get("type").asString()).isEqualTo("agent");
        assertThat(event.get("by").get("id").asString()).isEqualTo("privacy.fr");
        assertThat(event.get("by").get("name").asString()).isEqualTo("Privacy officer, France");
        assertThat(event.get("context").get("promptId").asString()).isEqualTo("banner-2026");
        assertThat(event.get("dataCategories").valueStream().map(JsonNode::asString))
                .containsExactly("user.location");
        assertThat(event.get("receiptUrl").asString())
                .endsWith(event.get("eventId").asString());
    }

    @Test
    void agentField_mayOnlyNameTheCaller() {
        String customer = newCustomer("FR");
        assertThat(fields(record(
                        dpo(),
                        newKey(),
                        choice("FR", customer, OFFERS, "granted").put("agent", "someone"))))
                .containsExactly("agent");
        assertThat(record(
                                dpo(),
                                newKey(),
                                choice("FR", customer, OFFERS, "granted").put("agent", "dpo"))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void batch_recordsEveryEventInOrder_orNoneWhenOneBreaksARule() {
        String customer = newCustomer("FR");
        ObjectNode good = json.createObjectNode();
        good.putArray("events")
                .add(choice("FR", customer, OFFERS, "granted").put("idempotencyKey", newKey()))
                .add(choice("FR", customer, PARTNERS, "refused").put("idempotencyKey", newKey()))
                .add(choice("FR", customer, OFFERS, "withdrawn").put("idempotencyKey", newKey()));
        ObjectNode bad = json.createObjectNode();
        bad.putArray("events")
                .add(choice("FR", customer, RESEARCH, "granted").put("idempotencyKey", newKey()))
                .add(choice("FR", customer, "marketing.spam", "granted").put("idempotencyKey", newKey()));

        assertThat(fields(post("/api/v1/consents/batch", dpo(), bad.toString())))
                .containsExactly("events[1].purpose");
        assertThat(timeline("FR", customer)).isEmpty();

        HttpResponse<String> response = post("/api/v1/consents/batch", dpo(), good.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> results = parse(response).get("results").valueStream().toList();
        assertThat(results)
                .extracting(result -> result.get("state").get("status").asString())
                .containsExactly("granted", "refused", "withdrawn");
        assertThat(results)
                .allSatisfy(
                        result -> assertThat(result.get("replayed").asBoolean()).isFalse());
        assertThat(timeline("FR", customer)).hasSize(3);

        // The same batch again is a retry: the same answers, nothing recorded.
        List<JsonNode> again = parse(post("/api/v1/consents/batch", dpo(), good.toString()))
                .get("results")
                .valueStream()
                .toList();
        assertThat(again)
                .extracting(result -> result.get("eventId").asString())
                .containsExactlyElementsOf(results.stream()
                        .map(result -> result.get("eventId").asString())
                        .toList());
        assertThat(again).allSatisfy(result -> assertThat(result.get("replayed").asBoolean())
                .isTrue());
        assertThat(timeline("FR", customer)).hasSize(3);
    }

    @Test
    void batch_withOneKeyTwice_isRefused() {
        String customer = newCustomer("FR");
        String key = newKey();
        ObjectNode batch = json.createObjectNode();
        batch.putArray("events")
                .add(choice("FR", customer, OFFERS, "granted").put("idempotencyKey", key))
                .add(choice("FR", customer, PARTNERS, "granted").put("idempotencyKey", key));

        assertThat(fields(post("/api/v1/consents/batch", dpo(), batch.toString())))
                .containsExactly("events[1].idempotencyKey");
        assertThat(timeline("FR", customer)).isEmpty();
    }
}
