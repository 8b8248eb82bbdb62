package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Global Privacy Control: every signal is recorded, and applied as the entity's jurisdiction says. In France it opts
 * the customer out of partner advertising and personalised offers; in Kenya it changes nothing.
 */
class GlobalPrivacyControlTest extends ConsentTestSupport {
    private static final String[] GPC = {"Sec-GPC", "1"};

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffDirectory staffDirectory;

    @Test
    void signal_withdrawsAGrantOfPartnerAdvertising_inFrance_andIsRecordedAndAudited() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, PARTNERS, "granted"));
        recorded(dpo(), choice("FR", customer, RESEARCH, "granted"));

        HttpResponse<String> response = states(dpo(), "FR", customer, GPC);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(statusOf(parse(response), PARTNERS)).isEqualTo("withdrawn");
        // Research is not a purpose the French pack gives the signal an effect on.
        assertThat(statusOf(parse(response), RESEARCH)).isEqualTo("granted");
        List<JsonNode> timeline = timeline("FR", customer);
        JsonNode applied = timeline.get(timeline.size() - 1);
        assertThat(applied.get("action").asString()).isEqualTo("withdrawn");
        assertThat(applied.get("purpose").asString()).isEqualTo(PARTNERS);
        assertThat(applied.get("by").get("type").asString()).isEqualTo("custodia");
        assertThat(applied.get("channel").asString()).isEqualTo("web");
        UUID signal = UUID.fromString(applied.get("gpcSignal").asString());

        var recordedSignal = jdbc.sql("select endpoint, effect, applied, subject_id from gpc_signal where id = ?")
                .param(signal)
                .query((rs, row) -> List.of(
                        rs.getString("endpoint"),
                        rs.getString("effect"),
                        rs.getInt("applied"),
                        rs.getObject("subject_id") != null))
                .single();
        assertThat(recordedSignal).containsExactly("GET /api/v1/consents", "objection", 1, true);
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'consent.gpc_applied' and object_id = ?")
                        .param(applied.get("eventId").asString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(get(applied.get("receiptUrl").asString(), dpo()).statusCode())
                .isEqualTo(200);

        // Sent again, the signal is recorded but changes nothing more.
        states(dpo(), "FR", customer, GPC);
        assertThat(timeline("FR", customer)).hasSize(timeline.size());
        assertThat(signalsAbout("FR", customer)).containsExactly(1, 0);
    }

    @Test
    void choiceMadeWithTheSignalOn_prevailsOverIt() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, OFFERS, "granted"));

        // The customer grants partner advertising from a browser that sends the signal: their specific choice wins
        // for that purpose, while the signal withdraws the earlier grant of personalised offers.
        HttpResponse<String> response = record(dpo(), newKey(), choice("FR", customer, PARTNERS, "granted"), GPC);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(parse(response).get("state").get("status").asString()).isEqualTo("granted");
        assertThat(state("FR", customer, PARTNERS).get("status").asString()).isEqualTo("granted");
        assertThat(state("FR", customer, OFFERS).get("status").asString()).isEqualTo("withdrawn");
        assertThat(timeline("FR", customer).get(1).get("gpc").asBoolean()).isTrue();

        // Later signals leave a grant given with the signal on alone.
        states(dpo(), "FR", customer, GPC);
        assertThat(state("FR", customer, PARTNERS).get("status").asString()).isEqualTo("granted");
        assertThat(signalsAbout("FR", customer)).containsExactly(1, 0);
    }

    @Test
    void signal_isRecordedWithNoEffect_inKenya() {
        String customer = newCustomer("KE");
        recorded(dpo(), choice("KE", customer, PARTNERS, "granted"));

        assertThat(statusOf(parse(states(dpo(), "KE", customer, GPC)), PARTNERS))
                .isEqualTo("granted");

        assertThat(timeline("KE", customer)).hasSize(1);
        UUID event =
                UUID.fromString(timeline("KE", customer).get(0).get("eventId").asString());
        assertThat(jdbc.sql("""
                        select effect from gpc_signal
                        where subject_id = (select subject_id from consent_event where id = ?)""").param(event).query(String.class).list()).containsExactly("none");
        assertThat(signalsAbout("KE", customer)).containsExactly(0);
    }

    @Test
    void signal_aboutSomeoneWhoIsNotACustomer_isRecordedWithoutASubject() {
        long before = jdbc.sql("select count(*) from gpc_signal where subject_id is null and entity_code = 'FR'")
                .query(Long.class)
                .single();

        HttpResponse<String> response = events(dpo(), "FR", newCustomer("FR"), GPC);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response)).isEmpty();
        assertThat(jdbc.sql("select count(*) from gpc_signal where subject_id is null and entity_code = 'FR'")
                        .query(Long.class)
                        .single())
                .isEqualTo(before + 1);
    }

    @Test
    void signal_onALegitimateInterestPurpose_recordsAnObjection() {
        String entity = entityWithOffersOnLegitimateInterest();
        String customer = newCustomer(entity);
        // A customer who never chose: on legitimate interest, the signal is an objection (GDPR Art. 21(5)).
        recorded(dpo(), choice(entity, customer, "research.innovation", "granted"));

        states(dpo(), entity, customer, GPC);

        List<JsonNode> timeline = timeline(entity, customer);
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(1).get("action").asString()).isEqualTo("objected");
        assertThat(timeline.get(1).get("purpose").asString()).isEqualTo(OFFERS);
        assertThat(state(entity, customer, OFFERS).get("status").asString()).isEqualTo("objected");
        assertThat(state(entity, customer, "research.innovation").get("status").asString())
                .isEqualTo("granted");

        states(dpo(), entity, customer, GPC);
        assertThat(timeline(entity, customer)).hasSize(2);
    }

    @Test
    void signal_fromACallerWhoCannotRecord_isIgnored() {
        String customer = newCustomer("FR");
        recorded(dpo(), choice("FR", customer, PARTNERS, "granted"));

        assertThat(states(auditor(), "FR", customer, GPC).statusCode()).isEqualTo(200);

        assertThat(state("FR", customer, PARTNERS).get("status").asString()).isEqualTo("granted");
        assertThat(signalsAbout("FR", customer)).isEmpty();
    }

    private List<Integer> signalsAbout(String entity, String customer) {
        UUID event =
                UUID.fromString(timeline(entity, customer).get(0).get("eventId").asString());
        return jdbc.sql("""
                        select applied from gpc_signal
                        where subject_id = (select subject_id from consent_event where id = ?)
                        order by received_at""").param(event).query(Integer.class).list();
    }

    private static String statusOf(JsonNode states, String purpose) {
        return states.valueStream()
                .filter(state -> state.get("purpose").asString().equals(purpose))
                .findFirst()
                .orElseThrow()
                .get("status")
                .asString();
    }

    /**
     * A new French entity whose register processes personalised offers on legitimate interest (as GDPR Recital 47
     * allows for direct marketing to customers) and research on consent.
     */
    private String entityWithOffersOnLegitimateInterest() {
        String code = "G"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36)
                        .toUpperCase(Locale.ROOT);
        ObjectNode entity = json.createObjectNode()
                .put("code", code)
                .put("name", "GPC test " + code)
                .put("jurisdiction", "fr")
                .put("timeZone", "Europe/Paris")
                .put("country", "FR");
        assertThat(post("/api/v1/entities", admin(), entity.toString()).statusCode())
                .isEqualTo(201);
        String username = "gpc-" + UUID.randomUUID().toString().substring(0, 12);
        staffDirectory.create(username, "GPC tester", "gpc-test-password", Set.of(Role.DPO), false, List.of(code));
        String dpo = basic(username, "gpc-test-password");
        activity(dpo, code, "Offers to customers", OFFERS, "legitimate_interest", null);
        activity(dpo, code, "Research", "research.innovation", "consent", "P24M");
        publishNotice(dpo, code, "notice.offers", OFFERS);
        publishNotice(dpo, code, "notice.research", "research.innovation");
        return code;
    }

    private void publishNotice(String authorization, String entity, String key, String purpose) {
        ObjectNode notice = json.createObjectNode().put("entity", entity).put("key", key);
        notice.putArray("purposes").add(purpose);
        notice.putArray("channels").add("web");
        ObjectNode texts = notice.putObject("texts");
        texts.putObject("en").put("title", "About " + purpose).put("body", "What we do, and your choice.");
        texts.putObject("fr")
                .put("title", "À propos de " + purpose)
                .put("body", "Ce que nous faisons, et votre choix.");
        HttpResponse<String> created = post("/api/v1/notices", authorization, notice.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> published = post(
                "/api/v1/notices/" + key + "/versions/1/publish?entity=" + entity,
                authorization,
                "{\"material\":false}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    private void activity(
            String authorization, String entity, String name, String purpose, String basis, @Nullable String renewal) {
        ObjectNode activity = json.createObjectNode()
                .put("entity", entity)
                .put("status", "active")
                .put("name", name)
                .put("controllerContact", "GPC Test SA, 1 rue de la Paix, 75002 Paris, privacy@gpc.example")
                .put("dpoContact", "dpo@gpc.example");
        ObjectNode use =
                activity.putArray("purposes").addObject().put("key", purpose).put("legalBasis", basis);
        if (renewal != null) {
            use.put("notice", "notice:" + purpose).put("renewalPeriod", renewal);
        }
        activity.putArray("dataCategories").add("user.contact.email");
        activity.putArray("subjectTypes").add("customer");
        activity.putArray("transfers");
        activity.putObject("retention").put("period", "P2Y").put("trigger", "end of contract");
        ArrayNode measures = activity.putArray("securityMeasures");
        measures.add("Encryption at rest");
        activity.putObject("explanation").put("en", "We use your e-mail.").put("fr", "Nous utilisons votre e-mail.");
        activity.putObject("customerValue").put("en", "Better offers.").put("fr", "De meilleures offres.");
        HttpResponse<String> response = post("/api/v1/activities", authorization, activity.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
