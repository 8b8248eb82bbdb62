package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The age of digital consent over HTTP (GDPR Art. 8; 15 in France, 18 in Kenya): the company records a child's age
 * band and links a guardian; below the age only the guardian can grant, while the child may refuse or withdraw.
 */
class ParentalConsentTest extends ConsentTestSupport {

    @Test
    void a14YearOldInFrance_cannotGrantAlone_andNothingIsStored() {
        String child = newCustomer("FR");
        recordAge("FR", child, "AGE_14");

        HttpResponse<String> response = record(dpo(), newKey(), choice("FR", child, OFFERS, "granted"));

        assertThat(fields(response)).containsExactly("guardian");
        assertThat(parse(response).get("errors").get(0).get("message").asString())
                .contains("under 15", "France", "parental responsibility");
        assertThat(timeline("FR", child)).isEmpty();
        assertThat(state("FR", child, OFFERS).get("status").asString()).isEqualTo("none");
    }

    @Test
    void aLinkedGuardian_grantsForTheChild_andIsRecordedAsTheActor() {
        String child = newCustomer("FR");
        String parent = newCustomer("FR");
        recordAge("FR", child, "AGE_14");
        HttpResponse<String> linked = linkGuardian("FR", child, parent);
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(201);

        JsonNode answer = recorded(dpo(), byGuardian(choice("FR", child, OFFERS, "granted"), parent));

        assertThat(answer.get("state").get("status").asString()).isEqualTo("granted");
        JsonNode by = timeline("FR", child).get(0).get("by");
        assertThat(by.get("type").asString()).isEqualTo("guardian");
        assertThat(by.get("id").asString()).doesNotContain(parent).hasSize(36);
        JsonNode profile = profile("FR", child);
        assertThat(profile.get("ageBand").asString()).isEqualTo("AGE_14");
        assertThat(profile.get("guardians")
                        .get(0)
                        .get("identifiers")
                        .get(0)
                        .get("value")
                        .asString())
                .isEqualTo(parent);
    }

    @Test
    void aGuardianWhoIsNotLinked_isRefused_byName() {
        String child = newCustomer("FR");
        recordAge("FR", child, "AGE_13");

        HttpResponse<String> response =
                record(dpo(), newKey(), byGuardian(choice("FR", child, OFFERS, "granted"), newCustomer("FR")));

        assertThat(fields(response)).containsExactly("guardian");
        assertThat(timeline("FR", child)).isEmpty();
    }

    @Test
    void aChild_mayRefuseAndWithdrawAlone() {
        String child = newCustomer("FR");
        recordAge("FR", child, "UNDER_13");

        recorded(dpo(), choice("FR", child, OFFERS, "refused"));
        recorded(dpo(), choice("FR", child, RESEARCH, "withdrawn"));

        assertThat(timeline("FR", child)).hasSize(2);
    }

    @Test
    void a15YearOld_grantsAloneInFrance_butNotInKenya_whereTheAgeIs18() {
        String french = newCustomer("FR");
        String kenyan = newCustomer("KE");
        recordAge("FR", french, "AGE_15");
        recordAge("KE", kenyan, "AGE_15");

        recorded(dpo(), choice("FR", french, OFFERS, "granted"));
        HttpResponse<String> refused = record(dpo(), newKey(), choice("KE", kenyan, OFFERS, "granted"));

        assertThat(fields(refused)).containsExactly("guardian");
        assertThat(parse(refused).get("errors").get(0).get("message").asString())
                .contains("under 18");
    }

    @Test
    void inABatch_theChildsGrantIsNamedByItsIndex_andNoEventOfTheBatchIsStored() {
        String adult = newCustomer("FR");
        String child = newCustomer("FR");
        recordAge("FR", child, "AGE_14");
        ObjectNode batch = json.createObjectNode();
        batch.putArray("events")
                .add(choice("FR", adult, OFFERS, "granted").put("idempotencyKey", newKey()))
                .add(choice("FR", child, OFFERS, "granted").put("idempotencyKey", newKey()));

        HttpResponse<String> response = post("/api/v1/consents/batch", dpo(), batch.toString());

        assertThat(fields(response)).containsExactly("events[1].guardian");
        assertThat(timeline("FR", adult)).isEmpty();
    }

    @Test
    void ageAndGuardianRequests_nameTheFieldsAtFault() {
        String child = newCustomer("FR");
        HttpResponse<String> badBand = put("/api/v1/subjects/age", dpo(), """
                {"entity": "FR", "subject": {"scheme": "customer_id", "value": "%s"}, "ageBand": "TEEN"}""".formatted(child));
        assertThat(fields(badBand)).containsExactly("ageBand");

        recordAge("FR", child, "ADULT");
        HttpResponse<String> adultChild = linkGuardian("FR", child, newCustomer("FR"));
        assertThat(fields(adultChild)).containsExactly("subject");

        HttpResponse<String> noGuardian = post("/api/v1/subjects/guardians", dpo(), """
                {"entity": "FR", "subject": {"scheme": "customer_id", "value": "%s"},
                 "guardian": {"scheme": "email", "value": "not an address"}}""".formatted(child));
        assertThat(fields(noGuardian)).containsExactlyInAnyOrder("guardian.value", "verification");
        assertThat(profile("FR", child).get("guardians")).isEmpty();
    }

    @Test
    void aRevokedGuardian_canNoLongerGrant() {
        String child = newCustomer("FR");
        String parent = newCustomer("FR");
        recordAge("FR", child, "AGE_14");
        linkGuardian("FR", child, parent);

        HttpResponse<String> revoked =
                post("/api/v1/subjects/guardians/revoke", dpo(), guardianBody("FR", child, parent));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        assertThat(fields(record(dpo(), newKey(), byGuardian(choice("FR", child, OFFERS, "granted"), parent))))
                .containsExactly("guardian");
        assertThat(profile("FR", child).get("guardians")).isEmpty();
    }

    @Test
    void anAuditor_cannotRecordAnAge() {
        HttpResponse<String> response = put("/api/v1/subjects/age", auditor(), """
                {"entity": "FR", "subject": {"scheme": "customer_id", "value": "%s"}, "ageBand": "AGE_14"}""".formatted(newCustomer("FR")));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private void recordAge(String entity, String customer, String band) {
        HttpResponse<String> response = put("/api/v1/subjects/age", dpo(), """
                {"entity": "%s", "subject": {"scheme": "customer_id", "value": "%s"}, "ageBand": "%s"}""".formatted(entity, customer, band));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(parse(response).get("ageBand").asString()).isEqualTo(band);
    }

    private HttpResponse<String> linkGuardian(String entity, String child, String parent) {
        return post("/api/v1/subjects/guardians", dpo(), guardianBody(entity, child, parent));
    }

    private static String guardianBody(String entity, String child, String parent) {
        return """
                {"entity": "%s", "subject": {"scheme": "customer_id", "value": "%s"},
                 "guardian": {"scheme": "customer_id", "value": "%s"},
                 "verification": "family plan holder, ID checked in store"}""".formatted(entity, child, parent);
    }

    private static ObjectNode byGuardian(ObjectNode choice, String parent) {
        choice.putObject("guardian").put("scheme", "customer_id").put("value", parent);
        return choice;
    }

    private JsonNode profile(String entity, String customer) {
        HttpResponse<String> response =
                get("/api/v1/subjects/profile?entity=" + entity + "&scheme=customer_id&value=" + customer, dpo());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response);
    }
}
