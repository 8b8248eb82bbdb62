package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Helpers for the register's tests. The database is shared by every test of the JVM and never reset, so each
 * test makes its own entity, users and names.
 */
abstract class RegisterTestSupport extends CustodiaTest {
    static final String PASSWORD = "register-test-password";

    @Autowired
    StaffDirectory staffDirectory;

    /** A new entity, created as the administrator; its code is unique. */
    String newEntity() {
        return createEntity('R', "Register test");
    }

    /** A new staff member with these roles over these entities; returns their Basic authorization. */
    String newStaff(Set<Role> roles, String... entities) {
        String username = "reg-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "Register tester", PASSWORD, roles, false, List.of(entities));
        return basic(username, PASSWORD);
    }

    String dpoOf(String entity) {
        return newStaff(Set.of(Role.DPO), entity);
    }

    static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An activity of the entity that breaks no rule and refers to nothing the entity must have first. */
    ObjectNode completeActivity(String entity, String name) {
        ObjectNode activity = json.createObjectNode()
                .put("entity", entity)
                .put("name", name)
                .put("controllerContact", "Custodia Test SA, 1 rue de la Paix, 75002 Paris")
                .put("dpoContact", "dpo@example.test");
        ArrayNode purposes = activity.putArray("purposes");
        purposes.addObject().put("key", "service.billing").put("legalBasis", "contract");
        purposes.addObject()
                .put("key", "marketing.personalised_offers")
                .put("legalBasis", "consent")
                .put("notice", "notice:offers-v1")
                .put("renewalPeriod", "P13M");
        activity.putArray("dataCategories").add("user.contact.email").add("user.account.customer_number");
        activity.putArray("subjectTypes").add("customer");
        activity.putArray("transfers").addObject().put("country", "CH").put("safeguard", "adequacy");
        activity.putObject("retention").put("period", "P5Y").put("trigger", "end of contract");
        activity.putArray("securityMeasures").add("Encryption at rest").add("Access on a need-to-know basis");
        activity.putObject("explanation")
                .put("en", "We use your e-mail to bill you.")
                .put("fr", "Nous utilisons votre e-mail pour vous facturer.");
        activity.putObject("customerValue").put("en", "Accurate bills.").put("fr", "Des factures exactes.");
        return activity;
    }

    /** A system of the entity, as the API takes it. */
    String systemBody(String entity, String key) {
        return json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("name", "System " + key)
                .put("hostingCountry", "FR")
                .toString();
    }

    /** An approved processor of the entity, as the API takes it. */
    String processorBody(String entity, String key) {
        return json.createObjectNode()
                .put("entity", entity)
                .put("key", key)
                .put("name", "Processor " + key)
                .put("role", "processor")
                .put("country", "FR")
                .put("status", "approved")
                .toString();
    }

    JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return parse(response);
    }

    /** The fields named by a problem's errors. */
    List<String> errorFields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        parse(response)
                .path("errors")
                .forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    /** The names of the activities a caller lists with a free-text filter. */
    List<String> namesMatching(String authorization, String text) {
        var response = get("/api/v1/activities?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8), authorization);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        parse(response).forEach(activity -> names.add(activity.get("name").asString()));
        return names;
    }

    HttpResponse<String> postStatus(String id, String authorization, String status, String reason) {
        return post(
                "/api/v1/activities/" + id + "/status",
                authorization,
                json.createObjectNode()
                        .put("status", status)
                        .put("reason", reason)
                        .toString());
    }
}
