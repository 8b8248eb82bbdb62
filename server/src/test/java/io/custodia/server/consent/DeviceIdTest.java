package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A device id in a choice's context names the customer's device: it is stored encrypted under their key. */
class DeviceIdTest extends ConsentTestSupport {
    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subjects subjects;

    @Test
    void aDeviceId_isNeverStoredInClear_isShownToStaff_andIsErasedWithTheCustomer() {
        String customer = newCustomer("FR");
        ObjectNode choice = choice("FR", customer, OFFERS, "granted");
        ((ObjectNode) choice.get("context")).put("deviceId", "set-top-box-7731-ab");

        String eventId = recorded(dpo(), choice).get("eventId").asString();

        String stored = jdbc.sql("select context::text from consent_event where id = ?")
                .param(UUID.fromString(eventId))
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain("set-top-box").contains("deviceIdSealed");
        JsonNode shown = timeline("FR", customer).get(0).get("context");
        assertThat(shown.get("deviceId").asString()).isEqualTo("set-top-box-7731-ab");
        assertThat(shown.has("deviceIdSealed")).isFalse();

        UUID subject = subjects.find("FR", SubjectIdentifier.of("customer_id", customer))
                .orElseThrow();
        subjects.shred("system:test", subject);

        JsonNode afterErasure = timeline("FR", customer).get(0).get("context");
        assertThat(afterErasure.has("deviceId")).isFalse();
        assertThat(afterErasure.get("page").asString()).isEqualTo("https://shop.example/offers");
    }
}
