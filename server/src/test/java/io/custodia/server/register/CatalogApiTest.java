package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Systems, datasets and recipients, and activities that refer to them. */
class CatalogApiTest extends RegisterTestSupport {

    ObjectNode system(String entity, String key) {
        return json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("name", "Customer relationship management")
                .put("description", "Where customer accounts live")
                .put("ownerTeam", "CRM team")
                .put("hostingCountry", "FR");
    }

    ObjectNode recipient(String entity, String key, String country, boolean dpf) {
        return json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("name", "Cloud host " + key)
                .put("role", "processor")
                .put("country", country)
                .put("dpaReference", "DPA-2025-17")
                .put("dpaExpiresOn", "2027-12-31")
                .put("status", "approved")
                .put("dpfCertified", dpf);
    }

    @Test
    void catalogEntries_areCreatedListedAndReferencedByActivities() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        created(post("/api/v1/systems", dpo, system(entity, "crm").toString()));
        var dataset = json.createObjectNode()
                .put("entity", entity)
                .put("key", "crm-customers")
                .put("name", "Customers table")
                .put("system", "crm")
                .put("retentionNote", "5 years after the contract ends");
        dataset.putArray("dataCategories").add("user.name").add("user.contact.email");
        created(post("/api/v1/datasets", dpo, dataset.toString()));
        created(post(
                "/api/v1/recipients",
                dpo,
                recipient(entity, "cloud-dpf", "US", true).toString()));

        assertThat(parse(get("/api/v1/systems?entity=" + entity, dpo))
                        .get(0)
                        .get("ownerTeam")
                        .asString())
                .isEqualTo("CRM team");
        assertThat(parse(get("/api/v1/datasets?entity=" + entity, dpo)).get(0).get("dataCategories"))
                .hasSize(2);
        var listed = parse(get("/api/v1/recipients?entity=" + entity, dpo)).get(0);
        assertThat(listed.get("dpaExpiresOn").asString()).isEqualTo("2027-12-31");
        assertThat(listed.get("dpfCertified").asBoolean()).isTrue();

        ObjectNode activity = completeActivity(entity, unique("Hosted"));
        activity.putArray("systems").add("crm");
        activity.putArray("datasets").add("crm-customers");
        activity.putArray("recipients").add("cloud-dpf");
        activity.putArray("transfers")
                .addObject()
                .put("country", "US")
                .put("recipient", "cloud-dpf")
                .put("safeguard", "adequacy");
        activity.put("status", "active");
        var stored = created(post("/api/v1/activities", dpo, activity.toString()));
        assertThat(stored.get("status").asString()).isEqualTo("active");
        assertThat(parse(get("/api/v1/activities?recipient=cloud-dpf&entity=" + entity, dpo)))
                .hasSize(1);
    }

    @Test
    void duplicateKey_answers409() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        created(post("/api/v1/systems", dpo, system(entity, "billing").toString()));
        assertThat(post("/api/v1/systems", dpo, system(entity, "billing").toString())
                        .statusCode())
                .isEqualTo(409);
        created(post(
                "/api/v1/recipients",
                dpo,
                recipient(entity, "printer", "FR", false).toString()));
        assertThat(post(
                                "/api/v1/recipients",
                                dpo,
                                recipient(entity, "printer", "FR", false).toString())
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void invalidEntries_answer400WithEveryField() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        var badSystem = system(entity, "Bad Key").put("name", "").put("hostingCountry", "France");
        assertThat(errorFields(post("/api/v1/systems", dpo, badSystem.toString())))
                .containsExactlyInAnyOrder("key", "name", "hostingCountry");

        var badRecipient =
                recipient(entity, "ok", "usa", false).put("role", "friend").put("status", "maybe");
        assertThat(errorFields(post("/api/v1/recipients", dpo, badRecipient.toString())))
                .containsExactlyInAnyOrder("country", "role", "status");

        var badDataset = json.createObjectNode()
                .put("entity", entity)
                .put("key", "ds")
                .put("name", "DS")
                .put("system", "ghost");
        badDataset.putArray("dataCategories").add("user.aura");
        assertThat(errorFields(post("/api/v1/datasets", dpo, badDataset.toString())))
                .containsExactlyInAnyOrder("system", "dataCategories[0]");
        assertThat(parse(get("/api/v1/systems?entity=" + entity, dpo))).isEmpty();
        assertThat(parse(get("/api/v1/recipients?entity=" + entity, dpo))).isEmpty();
    }

    @Test
    void textLongerThanItsColumn_orNoEntity_answers400NamingTheField_notAServerError() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        var longTeam = system(entity, "crm").put("ownerTeam", "T".repeat(201));
        var response = post("/api/v1/systems", dpo, longTeam.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(errorFields(response)).containsExactly("ownerTeam");

        var longReference = recipient(entity, "host", "FR", false).put("dpaReference", "D".repeat(201));
        assertThat(errorFields(post("/api/v1/recipients", dpo, longReference.toString())))
                .containsExactly("dpaReference");

        var withoutEntity = system(entity, "billing");
        withoutEntity.remove("entity");
        var missing = post("/api/v1/systems", dpo, withoutEntity.toString());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(errorFields(missing)).containsExactly("entity");
        assertThat(parse(get("/api/v1/systems?entity=" + entity, dpo))).isEmpty();
        assertThat(parse(get("/api/v1/recipients?entity=" + entity, dpo))).isEmpty();
    }
}
