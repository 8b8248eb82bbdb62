package io.custodia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custodia.core.InvalidInputException;
import io.custodia.core.change.Change;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.decision.Policy;
import io.custodia.core.decision.PolicyDocument;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.register.Recipient;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.register.RecipientStatus;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decoding the feed's events. The events are written as the server writes them: its JSON mapper (which leaves out
 * null fields) serialises the change record, and the feed wraps it with its position.
 */
class ChangeDecoderTest {
    private static final ObjectMapper SERVER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(inclusion ->
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    private static final ObjectMapper CLIENT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");

    private final ChangeDecoder decoder = new ChangeDecoder(CLIENT);

    @Test
    void aConsentChange_withAndWithoutARenewalDate() {
        UUID customer = UUID.randomUUID();
        ConsentChanged renewable = new ConsentChanged(
                customer,
                "FR",
                OFFERS.value(),
                "granted",
                Instant.parse("2026-05-01T10:15:30.123456Z"),
                Instant.parse("2027-06-01T10:15:30Z"));
        ConsentChanged withdrawn = new ConsentChanged(
                customer, "FR", OFFERS.value(), "withdrawn", Instant.parse("2026-05-02T00:00:00Z"), null);

        assertThat(roundTrip(41, renewable)).isEqualTo(new ChangeDecoder.FeedChange(41, renewable));
        assertThat(roundTrip(42, withdrawn)).isEqualTo(new ChangeDecoder.FeedChange(42, withdrawn));
    }

    @Test
    void aSubjectsFlags() {
        SubjectFlagsChanged flags = new SubjectFlagsChanged(UUID.randomUUID(), "FR", false, true, AgeBand.AGE_14, true);

        assertThat(roundTrip(7, flags).change()).isEqualTo(flags);
    }

    @Test
    void aPolicyChange_carriesTheWholePolicy() {
        Policy policy = Policy.builder("FR")
                .jurisdiction(JurisdictionPacks.builtIn().get("fr"))
                .recipient(new Recipient(
                        "mailer",
                        "Mailer SAS",
                        RecipientRole.PROCESSOR,
                        "FR",
                        "DPA-1",
                        LocalDate.parse("2027-12-31"),
                        RecipientStatus.APPROVED,
                        false))
                .activity(new Policy.Activity(
                        "offers",
                        "Personalised offers",
                        io.custodia.core.register.ActivityStatus.HALTED,
                        Map.of(OFFERS, LegalBasis.CONSENT),
                        Set.of(TermKey.of("user.contact")),
                        Set.of("mailer"),
                        List.of(new Policy.Transfer("US", null, io.custodia.core.register.Safeguard.SCC)),
                        Policy.Review.APPROVED,
                        Period.ofMonths(13),
                        Set.of(TermKey.of("user.contact.phone_number")),
                        true))
                .notice(new NoticeVersion(OFFERS, 3, 2))
                .build();
        PolicyChanged change = new PolicyChanged("FR", "activity.status_changed", "offers", PolicyDocument.of(policy));

        Change decoded = roundTrip(99, change).change();

        assertThat(decoded).isEqualTo(change);
        assertThat(((PolicyChanged) decoded).policy().toPolicy().jurisdiction()).isEqualTo(policy.jurisdiction());
    }

    @Test
    void datesWrittenAsNumbers_andFieldsThisClientDoesNotKnow_areRead() {
        String data = """
                {"position": 5, "logId": 9, "type": "consent.changed", "entity": "FR", "shard": 3,
                 "change": {"subjectId": "%s", "entityCode": "FR", "purpose": "marketing.personalised_offers",
                            "status": "granted", "since": 1780000000.5, "expiresAt": null, "noticeVersion": 2}}""".formatted(UUID.randomUUID());

        ConsentChanged change = (ConsentChanged) decoder.decode("5", data).change();

        assertThat(change.since()).isEqualTo(Instant.ofEpochSecond(1_780_000_000L, 500_000_000));
        assertThat(change.expiresAt()).isNull();
    }

    @Test
    void thePosition_comesFromTheEventIdWhenTheDataHasNone() {
        String data = """
                {"type": "subject.flags_changed", "change": {"subjectId": "%s", "entityCode": "FR",
                 "erased": true, "restricted": false, "ageBand": "UNKNOWN", "parentalConsent": false}}""".formatted(UUID.randomUUID());

        assertThat(decoder.decode("17", data).position()).isEqualTo(17);
    }

    @Test
    void aTypeThisClientDoesNotKnow_isAnUnknownType() {
        String data = "{\"position\": 8, \"type\": \"vendor.status_changed\", \"change\": {\"entityCode\": \"FR\"}}";

        assertThatThrownBy(() -> decoder.decode("8", data)).isInstanceOf(ChangeDecoder.UnknownType.class);
    }

    @Test
    void aBrokenChange_namesWhatIsWrong() {
        assertFieldError("not json", "data");
        assertFieldError("{\"position\": 1, \"type\": \"consent.changed\"}", "change");
        assertFieldError(
                "{\"position\": 1, \"type\": \"consent.changed\", \"change\": {\"subjectId\": \"nope\"}}",
                "change.subjectId");
        String noSince = """
                {"position": 1, "type": "consent.changed", "change": {"subjectId": "%s", "entityCode": "FR",
                 "purpose": "marketing.personalised_offers", "status": "granted"}}""".formatted(UUID.randomUUID());
        assertFieldError(noSince, "change.since");
        String badPolicy = """
                {"position": 1, "type": "policy.changed", "change": {"entityCode": "FR", "cause": "bootstrap",
                 "policy": {"entity": "FR", "activities": [{"key": "offers", "name": "Offers", "status": "paused",
                   "purposes": [{"key": "marketing.personalised_offers", "legalBasis": "consent"}],
                   "review": "not_required"}],
                  "jurisdiction": {"ageOfDigitalConsent": 15,
                   "transfers": {"freeMovement": ["FR"], "adequate": [], "otherwise": "safeguards"},
                   "gpc": {"effect": "none", "purposes": []}}}}}""";
        assertFieldError(badPolicy, "activities[0].status");
    }

    private ChangeDecoder.FeedChange roundTrip(long position, Change change) {
        ObjectNode event = SERVER.createObjectNode();
        event.put("position", position)
                .put("logId", position + 1000)
                .put("type", change.type())
                .put("entity", change.entityCode())
                .put("recordedAt", Instant.now().toString());
        UUID subject = change.subjectId();
        if (subject != null) {
            event.put("subjectId", subject.toString());
        }
        event.set("change", SERVER.readTree(SERVER.writeValueAsString(change)));
        return decoder.decode(Long.toString(position), event.toString());
    }

    private void assertFieldError(String data, String field) {
        assertThatThrownBy(() -> decoder.decode("1", data))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly(field));
    }
}
