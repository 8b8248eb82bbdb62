package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ledger keeps each entity's context (register, taxonomy, recipients, notices) between requests; every change of
 * one of them must be seen by the next write, exactly as if nothing were kept. Each test first records a choice, so
 * that the context is kept, then changes it and records again.
 */
class EntityContextTest extends ConsentTestSupport {
    private static final String PASSWORD = "context-test-password";

    @Autowired
    StaffDirectory staffDirectory;

    private String entity;
    private String dpo;
    private String activityId;

    @BeforeEach
    void entityWithOffersOnConsent() {
        entity = createEntity('C', "Context test");
        String username = "ctx-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "Context tester", PASSWORD, Set.of(Role.DPO), false, List.of(entity));
        dpo = basic(username, PASSWORD);
        activityId = activity();
        publishFirstNotice();
    }

    @Test
    void haltingTheActivity_isSeenByTheNextWrite_andResumingItToo() {
        assertThat(write(choice(entity, newCustomer(entity), OFFERS, "granted")).statusCode())
                .isEqualTo(201);

        assertThat(status("halted").statusCode()).isEqualTo(200);
        assertThat(fields(write(choice(entity, newCustomer(entity), OFFERS, "granted"))))
                .containsExactly("purpose");

        assertThat(status("active").statusCode()).isEqualTo(200);
        assertThat(write(choice(entity, newCustomer(entity), OFFERS, "granted")).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aNewNoticeVersion_isSeenByTheNextWrite() {
        ObjectNode underVersion2 =
                choice(entity, newCustomer(entity), OFFERS, "granted").put("noticeVersion", 2);
        assertThat(fields(write(underVersion2))).containsExactly("noticeVersion");

        HttpResponse<String> draft = post("/api/v1/notices/notice.offers/versions?entity=" + entity, dpo, "");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        HttpResponse<String> published =
                post("/api/v1/notices/notice.offers/versions/2/publish?entity=" + entity, dpo, "{\"material\":true}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        assertThat(write(underVersion2).statusCode()).isEqualTo(201);
    }

    @Test
    void aMaterialNoticeVersion_isSeenByTheNextRead() {
        String customer = newCustomer(entity);
        assertThat(write(choice(entity, customer, OFFERS, "granted")).statusCode())
                .isEqualTo(201);
        assertThat(offersState(customer)).isEqualTo("granted");

        HttpResponse<String> draft = post("/api/v1/notices/notice.offers/versions?entity=" + entity, dpo, "");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        HttpResponse<String> published =
                post("/api/v1/notices/notice.offers/versions/2/publish?entity=" + entity, dpo, "{\"material\":true}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        assertThat(offersState(customer)).isEqualTo("reconsent_required");
    }

    private String offersState(String customer) {
        HttpResponse<String> response = states(dpo, entity, customer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response)
                .valueStream()
                .filter(state -> state.get("purpose").asString().equals(OFFERS))
                .findFirst()
                .orElseThrow()
                .get("status")
                .asString();
    }

    @Test
    void aNewRecipient_isSeenByTheNextWrite() {
        ObjectNode narrowed =
                choice(entity, newCustomer(entity), OFFERS, "granted").put("recipient", "adnet");
        assertThat(fields(write(narrowed))).containsExactly("recipient");

        HttpResponse<String> created = post(
                "/api/v1/recipients",
                dpo,
                json.createObjectNode()
                        .put("entity", entity)
                        .put("key", "adnet")
                        .put("name", "Ad network")
                        .put("role", "processor")
                        .put("country", "FR")
                        .put("status", "approved")
                        .toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        assertThat(write(narrowed).statusCode()).isEqualTo(201);
    }

    @Test
    void aNewDataCategoryOfTheEntity_isSeenByTheNextWrite() {
        ObjectNode narrowed = choice(entity, newCustomer(entity), OFFERS, "granted");
        narrowed.putArray("dataCategories").add("user.contact.fax");
        assertThat(fields(write(narrowed))).containsExactly("dataCategories[0]");

        HttpResponse<String> created = post(
                "/api/v1/taxonomy/terms",
                dpo,
                json.createObjectNode()
                        .put("kind", "data_category")
                        .put("key", "user.contact.fax")
                        .put("entity", entity)
                        .set("names", json.createObjectNode().put("en", "Fax number"))
                        .toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        assertThat(write(narrowed).statusCode()).isEqualTo(201);
    }

    @Test
    void aReceiptFirstAskedForAfterTheRegisterChanged_statesTheFactsOfItsRecording() throws Exception {
        HttpResponse<String> before = write(choice(entity, newCustomer(entity), OFFERS, "granted"));
        assertThat(before.statusCode()).isEqualTo(201);

        long version = parse(get("/api/v1/activities/" + activityId, dpo))
                .get("version")
                .asLong();
        HttpResponse<String> renamed = put(
                "/api/v1/activities/" + activityId,
                dpo,
                activityBody("Offers tailored to you").put("version", version).toString());
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        HttpResponse<String> after = write(choice(entity, newCustomer(entity), OFFERS, "granted"));
        assertThat(after.statusCode()).isEqualTo(201);

        assertThat(serviceNamedBy(before)).isEqualTo("Offers");
        assertThat(serviceNamedBy(after)).isEqualTo("Offers tailored to you");
    }

    /** The service a recorded event's receipt names, the receipt asked for now. */
    private String serviceNamedBy(HttpResponse<String> recorded) throws Exception {
        HttpResponse<String> receipt = get(parse(recorded).get("receiptUrl").asString(), dpo);
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        return json.readTree(JWSObject.parse(receipt.body()).getPayload().toString())
                .get("services")
                .get(0)
                .get("service")
                .asString();
    }

    private HttpResponse<String> write(ObjectNode body) {
        return record(dpo, newKey(), body);
    }

    private HttpResponse<String> status(String status) {
        HttpResponse<String> response = post(
                "/api/v1/activities/" + activityId + "/status",
                dpo,
                json.createObjectNode()
                        .put("status", status)
                        .put("reason", "context test")
                        .toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private String activity() {
        HttpResponse<String> response =
                post("/api/v1/activities", dpo, activityBody("Offers").toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response).get("id").asString();
    }

    private ObjectNode activityBody(String name) {
        ObjectNode activity = json.createObjectNode()
                .put("entity", entity)
                .put("status", "active")
                .put("name", name)
                .put("controllerContact", "Context Test SA, 1 rue de la Paix, 75002 Paris")
                .put("dpoContact", "dpo@context.example");
        activity.putArray("purposes")
                .addObject()
                .put("key", OFFERS)
                .put("legalBasis", "consent")
                .put("notice", "notice:offers")
                .put("renewalPeriod", "P13M");
        activity.putArray("dataCategories").add("user.contact.email");
        activity.putArray("subjectTypes").add("customer");
        activity.putArray("transfers");
        activity.putObject("retention").put("period", "P2Y").put("trigger", "end of contract");
        activity.putArray("securityMeasures").add("Encryption at rest");
        activity.putObject("explanation").put("en", "We use your e-mail.").put("fr", "Nous utilisons votre e-mail.");
        activity.putObject("customerValue").put("en", "Better offers.").put("fr", "De meilleures offres.");
        return activity;
    }

    private void publishFirstNotice() {
        ObjectNode notice = json.createObjectNode().put("entity", entity).put("key", "notice.offers");
        notice.putArray("purposes").add(OFFERS);
        notice.putArray("channels").add("web");
        ObjectNode texts = notice.putObject("texts");
        texts.putObject("en").put("title", "Offers").put("body", "What we do, and your choice.");
        texts.putObject("fr").put("title", "Offres").put("body", "Ce que nous faisons, et votre choix.");
        HttpResponse<String> created = post("/api/v1/notices", dpo, notice.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> published =
                post("/api/v1/notices/notice.offers/versions/1/publish?entity=" + entity, dpo, "{\"material\":false}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }
}
