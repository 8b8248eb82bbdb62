package io.custodia.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Receipts: signed JWS documents with the Kantara Consent Receipt 1.1 and ISO/IEC TS 27560 fields, verified as an
 * outsider would, with Nimbus JOSE and the key set fetched over HTTP. A receipt is signed on its first request, with
 * the fields fixed when its event was recorded.
 */
class ReceiptsTest extends ConsentTestSupport {

    @Test
    void receipt_verifiesWithThePublishedKeys_andAModifiedPayloadDoesNot() throws Exception {
        String customer = newCustomer("FR");
        String receiptUrl = recorded(dpo(), choice("FR", customer, OFFERS, "granted"))
                .get("receiptUrl")
                .asString();

        HttpResponse<String> response = get(receiptUrl, dpo());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/jose"));
        JWSObject receipt = JWSObject.parse(response.body());
        assertThat(receipt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");

        assertThat(verifies(receipt)).isTrue();

        String[] parts = response.body().split("\\.");
        Map<String, Object> payload = receipt.getPayload().toJSONObject();
        payload.put("piiPrincipalId", "someone-else");
        String forged = parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(payload)) + "." + parts[2];
        assertThat(verifies(JWSObject.parse(forged))).isFalse();
    }

    @Test
    void receipt_holdsTheKantaraAndIsoFields() throws Exception {
        String customer = newCustomer("FR");
        ObjectNode grant = choice("FR", customer, PARTNERS, "granted");
        JsonNode answer = recorded(dpo(), grant);
        String eventId = answer.get("eventId").asString();

        JsonNode receipt = json.readTree(
                JWSObject.parse(get(answer.get("receiptUrl").asString(), dpo()).body())
                        .getPayload()
                        .toString());

        assertThat(receipt.get("version").asString()).isEqualTo("KI-CR-v1.1.0");
        assertThat(receipt.get("jurisdiction").asString()).isEqualTo("France");
        assertThat(receipt.get("consentReceiptID").asString()).isEqualTo(eventId);
        assertThat(receipt.get("consentTimestamp").asLong())
                .isEqualTo(
                        java.time.Instant.parse(answer.get("state").get("since").asString())
                                .getEpochSecond());
        assertThat(receipt.get("collectionMethod").asString()).contains("dpo", "web");
        assertThat(receipt.get("language").asString()).isEqualTo("en");
        // The internal id, never the customer number.
        assertThat(receipt.get("piiPrincipalId").asString())
                .doesNotContain(customer)
                .hasSize(36);
        assertThat(receipt.toString()).doesNotContain(customer);
        JsonNode controller = receipt.get("piiControllers").get(0);
        assertThat(controller.get("piiController").asString()).isEqualTo("Custodia Télécom France SA");
        assertThat(controller.get("email").asString()).isEqualTo("privacy@fr.custodia-telecom.example");
        assertThat(receipt.get("policyUrl").asString()).endsWith("/notices/FR/notice.marketing.partners/1?lang=en");
        JsonNode purpose = receipt.get("services").get(0).get("purposes").get(0);
        assertThat(receipt.get("services").get(0).get("service").asString()).isEqualTo("Advertising with partners");
        assertThat(purpose.get("purposeCategory").get(0).asString()).isEqualTo(PARTNERS);
        assertThat(purpose.get("consentType").asString()).isEqualTo("EXPLICIT");
        assertThat(purpose.get("primaryPurpose").asBoolean()).isTrue();
        assertThat(purpose.get("thirdPartyDisclosure").asBoolean()).isTrue();
        assertThat(purpose.get("thirdPartyName").asString()).isNotBlank();
        assertThat(purpose.get("termination").asString()).contains("13 months", "P13M");
        assertThat(purpose.get("piiCategory")).isNotEmpty();
        assertThat(receipt.get("sensitive").asBoolean()).isFalse();
        assertThat(receipt.get("spiCat")).isEmpty();

        JsonNode record = receipt.get("iso27560");
        assertThat(record.get("schemaVersion").asString()).isEqualTo("ISO/IEC TS 27560:2023");
        assertThat(record.get("recordId").asString()).isEqualTo(eventId);
        assertThat(record.get("subjectId").asString())
                .isEqualTo(receipt.get("piiPrincipalId").asString());
        JsonNode processing = record.get("processing");
        assertThat(processing.get("notice").get("version").asInt()).isEqualTo(1);
        assertThat(processing.get("notice").get("contentHash").asString()).startsWith("sha-256:");
        assertThat(processing.get("language").asString()).isEqualTo("en");
        assertThat(processing.get("purposes").get(0).get("purpose").asString()).isEqualTo(PARTNERS);
        assertThat(processing.get("legalBasis").get("basis").asString()).isEqualTo("consent");
        assertThat(processing.get("legalBasis").get("dpv").asString()).isEqualTo("https://w3id.org/dpv#Consent");
        assertThat(processing.get("data")).isNotEmpty();
        assertThat(processing.get("controllers").get(0).get("dpo").asString())
                .isEqualTo("dpo@fr.custodia-telecom.example");
        assertThat(processing.get("jurisdiction").get("authority").asString()).isEqualTo("CNIL");
        assertThat(processing.get("recipients").get(0).get("country").asString())
                .isEqualTo("US");
        assertThat(processing.get("withdrawalMethod").asString()).contains("withdraw");
        JsonNode event = record.get("event");
        assertThat(event.get("type").asString()).isEqualTo("granted");
        assertThat(event.get("state").asString()).isEqualTo("ConsentGiven");
        assertThat(event.get("actor").get("type").asString()).isEqualTo("agent");
        assertThat(event.get("validUntil").asString())
                .isEqualTo(answer.get("state").get("expiresAt").asString());
    }

    @Test
    void receipt_isInTheReadersLanguage_whenTheNoticeHasIt() throws Exception {
        String customer = newCustomer("FR");
        String receiptUrl = parse(record(
                        dpo(),
                        newKey(),
                        choice("FR", customer, RESEARCH, "refused"),
                        "Accept-Language",
                        "fr-FR,fr;q=0.9"))
                .get("receiptUrl")
                .asString();

        JsonNode receipt = json.readTree(
                JWSObject.parse(get(receiptUrl, dpo()).body()).getPayload().toString());

        assertThat(receipt.get("language").asString()).isEqualTo("fr");
        assertThat(receipt.get("policyUrl").asString()).endsWith("?lang=fr");
        assertThat(receipt.get("iso27560")
                        .get("processing")
                        .get("withdrawalMethod")
                        .asString())
                .contains("retirer votre consentement");
        assertThat(receipt.get("iso27560").get("event").get("state").asString()).isEqualTo("ConsentRefused");
    }

    @Test
    void receiptSignedBeforeARotation_stillVerifiesAfterIt() throws Exception {
        String customer = newCustomer("FR");
        String before = get(
                        recorded(dpo(), choice("FR", customer, OFFERS, "granted"))
                                .get("receiptUrl")
                                .asString(),
                        dpo())
                .body();
        String oldKid = JWSObject.parse(before).getHeader().getKeyID();

        HttpResponse<String> rotated = post("/api/v1/receipts/keys/rotate", dpo(), "");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newKid = parse(rotated).get("kid").asString();

        String after = get(
                        recorded(dpo(), choice("FR", customer, OFFERS, "withdrawn"))
                                .get("receiptUrl")
                                .asString(),
                        dpo())
                .body();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(JWSObject.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(verifies(JWSObject.parse(before))).isTrue();
        assertThat(verifies(JWSObject.parse(after))).isTrue();
        assertThat(JWKSet.parse(getAnonymous("/.well-known/jwks.json").body())
                        .getKeys()
                        .get(0)
                        .getKeyID())
                .isEqualTo(newKid);
    }

    @Test
    void receiptFirstAskedForAfterARotation_isSignedWithTheKeyOfItsRecording() throws Exception {
        String customer = newCustomer("FR");
        String receiptUrl = recorded(dpo(), choice("FR", customer, OFFERS, "granted"))
                .get("receiptUrl")
                .asString();
        String keyWhenRecorded = JWKSet.parse(
                        getAnonymous("/.well-known/jwks.json").body())
                .getKeys()
                .get(0)
                .getKeyID();

        HttpResponse<String> rotated = post("/api/v1/receipts/keys/rotate", dpo(), "");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);

        JWSObject receipt = JWSObject.parse(get(receiptUrl, dpo()).body());
        assertThat(receipt.getHeader().getKeyID()).isEqualTo(keyWhenRecorded);
        assertThat(json.readTree(receipt.getPayload().toString())
                        .get("publicKey")
                        .get("kid")
                        .asString())
                .isEqualTo(keyWhenRecorded);
        assertThat(verifies(receipt)).isTrue();
    }

    @Test
    void receiptAskedForByManyAtOnce_isOneReceipt_handedOutEverAfter() throws Exception {
        String receiptUrl = recorded(dpo(), choice("FR", newCustomer("FR"), OFFERS, "granted"))
                .get("receiptUrl")
                .asString();

        List<CompletableFuture<HttpResponse<String>>> asked = new ArrayList<>();
        for (int request = 0; request < 8; request++) {
            asked.add(http.sendAsync(
                    HttpRequest.newBuilder(uri(receiptUrl))
                            .header("Authorization", dpo())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> receipts = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> answer : asked) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            receipts.add(response.body());
        }

        assertThat(receipts).hasSize(1);
        assertThat(get(receiptUrl, dpo()).body()).isEqualTo(receipts.iterator().next());
        assertThat(verifies(JWSObject.parse(receipts.iterator().next()))).isTrue();
    }

    @Test
    void onlyAGroupDpo_rotatesTheKeys() {
        assertThat(post("/api/v1/receipts/keys/rotate", privacyFr(), "").statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/receipts/keys/rotate", auditor(), "").statusCode())
                .isEqualTo(403);
    }

    @Test
    void keySet_isPublic_andHoldsNoPrivateKey() throws Exception {
        HttpResponse<String> response = getAnonymous("/.well-known/jwks.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/jwk-set+json"));
        JWKSet keys = JWKSet.parse(response.body());
        assertThat(keys.getKeys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isNotBlank();
        });
        assertThat(response.body()).doesNotContain("\"d\"");
    }

    /** Verifies a receipt the way an outsider does: with the key its header names, from the published key set. */
    private boolean verifies(JWSObject receipt) throws Exception {
        JWKSet keys = JWKSet.parse(getAnonymous("/.well-known/jwks.json").body());
        ECKey key = (ECKey) keys.getKeyByKeyId(receipt.getHeader().getKeyID());
        assertThat(key)
                .as("key %s is published", receipt.getHeader().getKeyID())
                .isNotNull();
        return receipt.verify(new ECDSAVerifier(key));
    }
}
