package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Bulk imports of consents over HTTP: CSV and JSON Lines files recorded all or nothing, bad lines named by number,
 * a file imported twice recorded once, and the receipts of imported events signed on first request.
 */
class ConsentImportTest extends ConsentTestSupport {
    static final String HEADER =
            "scheme,value,purpose,action,noticeVersion,clientTime,dataCategories,recipient,idempotencyKey,page,promptId";

    @Autowired
    JdbcClient jdbc;

    HttpResponse<String> importFile(String authorization, String entity, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/consents/import?entity=" + entity))
                .header("Authorization", authorization)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    long events() {
        return jdbc.sql("select count(*) from consent_event").query(Long.class).single();
    }

    long subjects() {
        return jdbc.sql("select count(*) from subject").query(Long.class).single();
    }

    @Test
    void csvImport_recordsEveryLine_andTheStateTimelineAndReceiptAreRight() throws Exception {
        String ada = newCustomer("FR");
        String bob = newCustomer("FR");
        String file = HEADER + "\n"
                + "customer_id," + ada + "," + OFFERS + ",granted,1,2025-06-01T10:00:00Z,,,,https://old.example,p1\n"
                + "customer_id," + bob + "," + PARTNERS + ",granted,1,2025-06-02T10:00:00Z,,,,,\n"
                + "customer_id," + bob + "," + PARTNERS + ",withdrawn,1,2025-07-02T10:00:00Z,,,,,\n";
        long subjectsBefore = subjects();

        HttpResponse<String> response = importFile(dpo(), "FR", "text/csv", file);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode summary = parse(response);
        assertThat(summary.get("lines").asInt()).isEqualTo(4);
        assertThat(summary.get("events").asInt()).isEqualTo(3);
        assertThat(summary.get("subjectsCreated").asInt()).isEqualTo(2);
        assertThat(summary.get("format").asString()).isEqualTo("csv");
        assertThat(summary.get("fileSha256").asString()).hasSize(64);
        assertThat(subjects()).isEqualTo(subjectsBefore + 2);

        assertThat(state("FR", ada, OFFERS).get("status").asString()).isEqualTo("granted");
        assertThat(state("FR", bob, PARTNERS).get("status").asString()).isEqualTo("withdrawn");
        List<JsonNode> timeline = timeline("FR", ada);
        assertThat(timeline).hasSize(1);
        JsonNode event = timeline.get(0);
        assertThat(event.get("channel").asString()).isEqualTo("import");
        assertThat(event.get("action").asString()).isEqualTo("granted");
        assertThat(event.get("clientTime").asString()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(event.get("context").get("page").asString()).isEqualTo("https://old.example");
        assertThat(event.get("eventId").asString())
                .isEqualTo(summary.get("firstEventId").asString());

        String receiptUrl = event.get("receiptUrl").asString();
        HttpResponse<String> receipt = get(receiptUrl, dpo());
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        JWSObject signed = JWSObject.parse(receipt.body());
        assertThat(verifies(signed)).isTrue();
        JsonNode payload = json.readTree(signed.getPayload().toString());
        assertThat(payload.get("consentReceiptID").asString())
                .isEqualTo(event.get("eventId").asString());
        assertThat(payload.get("version").asString()).isEqualTo("KI-CR-v1.1.0");
        assertThat(payload.get("collectionMethod").asString()).contains("import");
        assertThat(payload.get("iso27560").get("event").get("type").asString()).isEqualTo("granted");
        // Signed once: the same bytes ever after.
        assertThat(get(receiptUrl, dpo()).body()).isEqualTo(receipt.body());

        // One change per customer and purpose, with the state after the import.
        List<String> changes = jdbc.sql("""
                        select payload->>'status' from change_log
                        where subject_id = ?::uuid and payload->>'purpose' = ?""")
                .params(payload.get("piiPrincipalId").asString(), OFFERS)
                .query(String.class)
                .list();
        assertThat(changes).containsExactly("granted");
    }

    @Test
    void importForAKnownCustomer_foldsTheirLedgerWithTheFile_andALateGrantIsSuperseded() {
        String known = newCustomer("FR");
        recorded(dpo(), choice("FR", known, OFFERS, "withdrawn"));
        recorded(dpo(), choice("FR", known, PARTNERS, "granted"));
        long subjectsBefore = subjects();
        String file = HEADER + "\n"
                // Made, the old platform says, before the withdrawal the ledger holds: late news.
                + "customer_id," + known + "," + OFFERS + ",granted,1,2020-01-01T00:00:00Z,,,,,\n"
                + "customer_id," + known + "," + PARTNERS + ",withdrawn,1,,,,,,\n";

        HttpResponse<String> response = importFile(dpo(), "FR", "text/csv", file);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(parse(response).get("subjectsCreated").asInt()).isZero();
        assertThat(subjects()).isEqualTo(subjectsBefore);
        assertThat(state("FR", known, OFFERS).get("status").asString()).isEqualTo("withdrawn");
        assertThat(state("FR", known, PARTNERS).get("status").asString()).isEqualTo("withdrawn");
        List<JsonNode> timeline = timeline("FR", known);
        assertThat(timeline).hasSize(4);
        assertThat(timeline.get(2).get("superseded").asBoolean()).isTrue();
    }

    @Test
    void jsonLinesImport_recordsEveryLine() {
        String ada = newCustomer("FR");
        String file = "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + ada + "\"},\"purpose\":\"" + OFFERS
                + "\",\"action\":\"granted\",\"noticeVersion\":1,\"dataCategories\":[],"
                + "\"context\":{\"promptId\":\"old-banner\"}}\n"
                + "\n"
                + "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + ada + "\"},\"purpose\":\"" + OFFERS
                + "\",\"action\":\"refused\",\"noticeVersion\":1,\"idempotencyKey\":\"" + newKey() + "\"}\n";

        HttpResponse<String> response = importFile(dpo(), "FR", "application/x-ndjson", file);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(parse(response).get("events").asInt()).isEqualTo(2);
        assertThat(parse(response).get("lines").asInt()).isEqualTo(3);
        assertThat(state("FR", ada, OFFERS).get("status").asString()).isEqualTo("refused");
        assertThat(timeline("FR", ada))
                .extracting(event -> event.get("channel").asString())
                .containsOnly("import");
    }

    @Test
    void anImportedDeviceId_isStoredEncryptedUnderTheCustomersKey() {
        String ada = newCustomer("FR");
        String file = "{\"subject\":{\"scheme\":\"customer_id\",\"value\":\"" + ada + "\"},\"purpose\":\"" + OFFERS
                + "\",\"action\":\"granted\",\"noticeVersion\":1,"
                + "\"context\":{\"deviceId\":\"set-top-box-4410\"}}\n";

        HttpResponse<String> response = importFile(dpo(), "FR", "application/x-ndjson", file);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String eventId = parse(response).get("firstEventId").asString();
        assertThat(jdbc.sql("select context::text from consent_event where id = ?::uuid")
                        .param(eventId)
                        .query(String.class)
                        .single())
                .doesNotContain("set-top-box")
                .contains("deviceIdSealed");
        assertThat(timeline("FR", ada).get(0).get("context").get("deviceId").asString())
                .isEqualTo("set-top-box-4410");
    }

    @Test
    void aBadLine_isNamedByNumberAndField_andNothingIsStored() {
        StringBuilder file = new StringBuilder(HEADER).append('\n');
        String first = newCustomer("FR");
        for (int line = 2; line <= 60; line++) {
            String customer = line == 2 ? first : newCustomer("FR");
            String purpose = line == 37 ? "marketing.no_such_purpose" : OFFERS;
            String version = line == 45 ? "two" : "1";
            file.append("customer_id,")
                    .append(customer)
                    .append(',')
                    .append(purpose)
                    .append(",granted,")
                    .append(version)
                    .append(",,,,,,\n");
        }
        long eventsBefore = events();
        long subjectsBefore = subjects();

        HttpResponse<String> response = importFile(dpo(), "FR", "text/csv", file.toString());

        assertThat(fields(response)).containsExactly("line 37: purpose", "line 45: noticeVersion");
        assertThat(parse(response).get("detail").asString()).contains("2 lines");
        assertThat(events()).isEqualTo(eventsBefore);
        assertThat(subjects()).isEqualTo(subjectsBefore);
        assertThat(timeline("FR", first)).isEmpty();
    }

    @Test
    void aFileImportedAgain_recordsNothingNew_andAnswersTheFirstSummary() {
        String file = HEADER + "\ncustomer_id," + newCustomer("FR") + "," + OFFERS + ",granted,1,,,,,,\n";
        HttpResponse<String> first = importFile(privacyFr(), "FR", "text/csv", file);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        long eventsBefore = events();

        HttpResponse<String> again = importFile(privacyFr(), "FR", "text/csv", file);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(parse(again).get("importId").asString())
                .isEqualTo(parse(first).get("importId").asString());
        assertThat(parse(again).get("replayed").asBoolean()).isTrue();
        assertThat(events()).isEqualTo(eventsBefore);
    }

    @Test
    void aLineWithAKeyTheLedgerHoldsForAnotherChoice_isABadLine_andAKeyTwiceInAFileToo() {
        String customer = newCustomer("FR");
        String key = newKey();
        assertThat(record(dpo(), key, choice("FR", customer, OFFERS, "granted")).statusCode())
                .isEqualTo(201);
        String other = newCustomer("FR");
        String file = HEADER + "\n"
                + "customer_id," + other + "," + OFFERS + ",granted,1,,,,fresh-" + key + ",,\n"
                + "customer_id," + other + "," + OFFERS + ",refused,1,,,," + key + ",,\n"
                + "customer_id," + other + "," + PARTNERS + ",refused,1,,,,fresh-" + key + ",,\n";
        long eventsBefore = events();

        HttpResponse<String> response = importFile(dpo(), "FR", "text/csv", file);

        assertThat(fields(response)).containsExactly("line 4: idempotencyKey");
        HttpResponse<String> ledgerKey = importFile(
                dpo(),
                "FR",
                "text/csv",
                HEADER + "\n" + "customer_id," + other + "," + OFFERS + ",refused,1,,,," + key + ",,\n");
        assertThat(fields(ledgerKey)).containsExactly("line 2: idempotencyKey");
        assertThat(events()).isEqualTo(eventsBefore);
    }

    @Test
    void imports_needARecorderOfTheEntity() {
        String file = HEADER + "\ncustomer_id," + newCustomer("FR") + "," + OFFERS + ",granted,1,,,,,,\n";
        assertThat(importFile(auditor(), "FR", "text/csv", file).statusCode()).isEqualTo(403);
        assertThat(importFile(agentSn(), "FR", "text/csv", file).statusCode()).isEqualTo(404);
    }

    @Test
    void aHeaderWithAnUnknownColumn_isRefused() {
        HttpResponse<String> response = importFile(dpo(), "FR", "text/csv", "scheme,value,purpose,action,colour\n");
        assertThat(fields(response)).contains("line 1: colour", "line 1: noticeVersion");
    }

    private boolean verifies(JWSObject receipt) throws Exception {
        JWKSet keys = JWKSet.parse(getAnonymous("/.well-known/jwks.json").body());
        ECKey key = (ECKey) keys.getKeyByKeyId(receipt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        return receipt.verify(new ECDSAVerifier(key));
    }
}
