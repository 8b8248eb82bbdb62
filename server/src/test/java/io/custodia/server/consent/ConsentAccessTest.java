package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Who may record and read consents: roles, and entity scopes where a foreign entity looks missing. */
class ConsentAccessTest extends ConsentTestSupport {

    @Test
    void supportAgent_recordsForTheirEntity_asTheAgent() {
        String customer = newCustomer("SN");
        ObjectNode call = choice("SN", customer, "service.customer_care.call_recording", "granted");
        call.put("channel", "call_center");

        HttpResponse<String> response = record(agentSn(), newKey(), call);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode event = timeline("SN", customer).get(0);
        assertThat(event.get("by").get("type").asString()).isEqualTo("agent");
        assertThat(event.get("by").get("id").asString()).isEqualTo("agent.sn");
        assertThat(event.get("by").get("name").asString()).isEqualTo("Customer care agent, Senegal");
        assertThat(states(agentSn(), "SN", customer).statusCode()).isEqualTo(200);
    }

    @Test
    void entityOutsideTheCallersScope_answers404_likeAMissingOne() {
        String customer = newCustomer("FR");
        JsonNode granted = recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        HttpResponse<String> foreignWrite = record(agentSn(), newKey(), choice("FR", customer, OFFERS, "withdrawn"));
        HttpResponse<String> missingWrite = record(agentSn(), newKey(), choice("XX", customer, OFFERS, "withdrawn"));
        assertThat(foreignWrite.statusCode()).isEqualTo(404);
        assertThat(missingWrite.statusCode()).isEqualTo(404);
        assertThat(parse(foreignWrite).get("title").asString())
                .isEqualTo(parse(missingWrite).get("title").asString());

        assertThat(states(agentSn(), "FR", customer).statusCode()).isEqualTo(404);
        assertThat(events(privacyFr(), "SN", customer).statusCode()).isEqualTo(404);
        String receipt = granted.get("receiptUrl").asString();
        assertThat(get(receipt, agentSn()).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/receipts/00000000-0000-4000-8000-000000000000", dpo())
                        .statusCode())
                .isEqualTo(404);
        assertThat(get(receipt, privacyFr()).statusCode()).isEqualTo(200);

        ObjectNode batch = json.createObjectNode();
        batch.putArray("events").add(choice("FR", customer, OFFERS, "withdrawn").put("idempotencyKey", newKey()));
        assertThat(post("/api/v1/consents/batch", agentSn(), batch.toString()).statusCode())
                .isEqualTo(404);
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("granted");
    }

    @Test
    void auditor_readsButCannotRecord() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        HttpResponse<String> write = record(auditor(), newKey(), choice("FR", customer, OFFERS, "withdrawn"));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        ObjectNode batch = json.createObjectNode();
        batch.putArray("events").add(choice("FR", customer, OFFERS, "withdrawn").put("idempotencyKey", newKey()));
        assertThat(post("/api/v1/consents/batch", auditor(), batch.toString()).statusCode())
                .isEqualTo(403);
        assertThat(record(basic("engineer", DEMO_PASSWORD), newKey(), choice("FR", customer, OFFERS, "withdrawn"))
                        .statusCode())
                .isEqualTo(403);

        assertThat(states(auditor(), "FR", customer).statusCode()).isEqualTo(200);
        assertThat(parse(events(auditor(), "FR", customer))).hasSize(1);
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("granted");
    }

    @Test
    void anonymousCallers_areTurnedAway() {
        assertThat(getAnonymous("/api/v1/consents?scheme=customer_id&value=FR-0000042&entity=FR")
                        .statusCode())
                .isEqualTo(401);
        assertThat(getAnonymous("/api/v1/receipts/00000000-0000-4000-8000-000000000000")
                        .statusCode())
                .isEqualTo(401);
        assertThat(record(basic("dpo", "wrong-password"), newKey(), choice("FR", "FR-0000042", OFFERS, "granted"))
                        .statusCode())
                .isEqualTo(401);
    }
}
