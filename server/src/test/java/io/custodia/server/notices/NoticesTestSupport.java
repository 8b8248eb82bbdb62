package io.custodia.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Helpers for the notices' tests. The database is shared by every test of the JVM and never reset, so each test
 * makes its own entity (whose purposes no notice explains yet), staff and keys.
 */
abstract class NoticesTestSupport extends CustodiaTest {
    static final String PASSWORD = "notices-test-password";
    static final String DEMO_PASSWORD = "custodia-demo-2026";

    @Autowired
    StaffDirectory staffDirectory;

    /** A new entity, created as the administrator. */
    String newEntity() {
        return createEntity('N', "Notices test");
    }

    /** The user name of a new staff member with these roles over these entities. */
    String newStaffMember(Set<Role> roles, String... entities) {
        String username = "ntc-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "Notices tester", PASSWORD, roles, false, List.of(entities));
        return username;
    }

    /** The Basic authorization of a new DPO of the entity. */
    String dpoOf(String entity) {
        return basic(newStaffMember(Set.of(Role.DPO), entity), PASSWORD);
    }

    static String uniqueKey(String prefix) {
        return prefix + "." + "k" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
    }

    /** Content that breaks no rule, explaining these purposes. */
    ObjectNode content(String title, String... purposes) {
        ObjectNode content = json.createObjectNode();
        var list = content.putArray("purposes");
        for (String purpose : purposes) {
            list.add(purpose);
        }
        content.putArray("channels").add("web").add("app");
        ObjectNode texts = content.putObject("texts");
        texts.putObject("en")
                .put("title", title)
                .put("body", "We use your usage to suggest offers.\n\n- **What:** usage\n- **How long:** 13 months");
        texts.putObject("fr")
                .put("title", title + " (fr)")
                .put("body", "Nous utilisons votre consommation pour vous proposer des offres.");
        return content;
    }

    /** A request creating a notice in an entity. */
    ObjectNode notice(String entity, String key, String title, String... purposes) {
        return content(title, purposes).put("entity", entity).put("key", key);
    }

    JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
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

    String versionPath(String key, int version, String entity) {
        return "/api/v1/notices/" + key + "/versions/" + version + "?entity=" + entity;
    }
}
