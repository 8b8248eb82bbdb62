package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Loading a register from YAML: all or nothing, and what the JSON export writes reads back unchanged. */
class RegisterImportTest extends RegisterTestSupport {

    HttpResponse<String> importYaml(String authorization, String yaml) {
        return send(HttpRequest.newBuilder(uri("/api/v1/register/import"))
                .header("Authorization", authorization)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build());
    }

    static String document(String entity, String thirdPurpose) {
        return """
                entity: %s
                systems:
                  - key: crm
                    name: Customer relationship management
                    ownerTeam: CRM team
                    hostingCountry: FR
                recipients:
                  - key: cloud-eu
                    name: Cloud Europe
                    role: processor
                    country: IE
                    dpaReference: DPA-7
                    dpaExpiresOn: 2028-06-30
                    status: approved
                datasets:
                  - key: crm-customers
                    name: Customers
                    system: crm
                    dataCategories: [user.name, user.contact.email]
                activities:
                  - name: Imported billing
                    status: active
                    controllerContact: Custodia Test SA, Paris
                    purposes:
                      - {key: service.billing, legalBasis: contract}
                    dataCategories: [user.name, user.contact.email]
                    subjectTypes: [customer]
                    systems: [crm]
                    datasets: [crm-customers]
                    recipients: [cloud-eu]
                    retention: {period: P10Y, trigger: end of the financial year}
                    securityMeasures: [Encryption at rest]
                    explanation: {en: We bill you., fr: Nous vous facturons.}
                    customerValue: {en: Correct bills., fr: Des factures justes.}
                  - name: Imported care
                    purposes:
                      - {key: service.customer_care, legalBasis: contract}
                    dataCategories: [user.contact.phone_number]
                  - name: Imported third
                    purposes:
                      - {key: %s, legalBasis: consent, notice: notice-3}
                """.formatted(entity, thirdPurpose);
    }

    @Test
    void yamlDocument_isImported() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        var response = importYaml(dpo, document(entity, "research.innovation"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode summary = parse(response);
        assertThat(summary.get("systems").asInt()).isEqualTo(1);
        assertThat(summary.get("activitiesCreated").asInt()).isEqualTo(3);

        JsonNode activities = parse(get("/api/v1/activities?entity=" + entity, dpo));
        assertThat(activities.findValuesAsString("name"))
                .containsExactly("Imported billing", "Imported care", "Imported third");
        assertThat(activities.get(0).get("status").asString()).isEqualTo("active");
        assertThat(parse(get("/api/v1/recipients?entity=" + entity, dpo))
                        .get(0)
                        .get("dpaExpiresOn")
                        .asString())
                .isEqualTo("2028-06-30");
    }

    @Test
    void documentWithAnError_importsNothing_andNamesThePath() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        var response = importYaml(dpo, document(entity, "marketing.mind_reading"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorFields(response)).containsExactly("activities[2].purposes[0].key");

        assertThat(parse(get("/api/v1/activities?entity=" + entity, dpo))).isEmpty();
        assertThat(parse(get("/api/v1/systems?entity=" + entity, dpo))).isEmpty();
        assertThat(parse(get("/api/v1/recipients?entity=" + entity, dpo))).isEmpty();
    }

    @Test
    void unreadableOrMisspelledDocument_answers400() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        assertThat(importYaml(dpo, "entity: [unclosed").statusCode()).isEqualTo(400);
        var misspelled =
                importYaml(dpo, "entity: " + entity + "\nactivities:\n  - name: X\n    dataCategory: [user.name]\n");
        assertThat(misspelled.statusCode()).isEqualTo(400);
        assertThat(errorFields(misspelled)).containsExactly("activities[0].dataCategory");
        var foreign = importYaml(dpo, "entity: " + newEntity() + "\n");
        assertThat(foreign.statusCode()).isEqualTo(404);
    }

    @Test
    void emptyItems_areSkipped_andErrorsNameTheItemAsWrittenInTheDocument() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        var response = importYaml(dpo, """
                entity: %s
                systems:
                  -
                  - key: Bad Key
                    name: Billing
                """.formatted(entity));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorFields(response)).containsExactly("systems[1].key");
    }

    @Test
    void jsonExport_importsBackUnchanged() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        assertThat(importYaml(dpo, document(entity, "research.innovation")).statusCode())
                .isEqualTo(200);
        String exported =
                get("/api/v1/register/export?format=json&entity=" + entity, dpo).body();

        var again = importYaml(dpo, exported);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode summary = parse(again);
        assertThat(summary.get("activitiesCreated").asInt()).isZero();
        assertThat(summary.get("activitiesUpdated").asInt()).isZero();
        assertThat(summary.get("activitiesUnchanged").asInt()).isEqualTo(3);

        JsonNode before = json.readTree(exported);
        JsonNode after = parse(get("/api/v1/register/export?format=json&entity=" + entity, dpo));
        assertThat(after.get("activities")).isEqualTo(before.get("activities"));
        assertThat(after.get("systems")).isEqualTo(before.get("systems"));
        assertThat(after.get("recipients")).isEqualTo(before.get("recipients"));
        assertThat(after.get("datasets")).isEqualTo(before.get("datasets"));
    }

    @Test
    void importedIds_updateTheirActivity() {
        String entity = newEntity();
        String dpo = dpoOf(entity);
        importYaml(dpo, document(entity, "research.innovation"));
        JsonNode exported = parse(get("/api/v1/register/export?format=json&entity=" + entity, dpo));
        JsonNode care = exported.get("activities").get(1);
        String yaml = """
                entity: %s
                activities:
                  - id: %s
                    name: Imported care, renamed
                    purposes:
                      - {key: service.customer_care, legalBasis: contract}
                """.formatted(entity, care.get("id").asString());
        var response = importYaml(dpo, yaml);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(parse(response).get("activitiesUpdated").asInt()).isEqualTo(1);
        var updated = parse(get("/api/v1/activities/" + care.get("id").asString(), dpo));
        assertThat(updated.get("name").asString()).isEqualTo("Imported care, renamed");
        assertThat(updated.get("version").asLong()).isEqualTo(2);
    }
}
