package io.custodia.core.consent;

import static io.custodia.core.consent.EventBuilder.OFFERS;
import static io.custodia.core.consent.EventBuilder.categories;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.CatalogKey;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.time.Period;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The value types of the ledger: parsing, and the rules their constructors enforce. */
class ConsentValuesTest {

    @Test
    void channel_parsesApiKeys_inAnyCase_withHyphens() {
        assertThat(Arrays.stream(Channel.values()).map(Channel::key))
                .containsExactly("web", "app", "store", "call_center", "iot_device", "api", "import");
        assertThat(Channel.of("channel", "call_center")).isEqualTo(Channel.CALL_CENTER);
        assertThat(Channel.of("channel", " IoT-Device ")).isEqualTo(Channel.IOT_DEVICE);
    }

    @Test
    void unknownChannel_isRefused_namingTheFieldAndTheChoices() {
        assertThatThrownBy(() -> Channel.of("channel", "fax"))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .containsExactly(new FieldError(
                                "channel",
                                "'fax' is not a channel; use one of web, app, store, call_center, iot_device, api,"
                                        + " import")));
    }

    @Test
    void action_parsesApiKeys_andKnowsWhichCustodiaRecordsItself() {
        assertThat(ConsentAction.of("action", "Withdrawn")).isEqualTo(ConsentAction.WITHDRAWN);
        assertThat(Arrays.stream(ConsentAction.values()).filter(ConsentAction::systemGenerated))
                .containsExactly(ConsentAction.EXPIRED);
        assertThatThrownBy(() -> ConsentAction.of("events[2].action", "revoked"))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("events[2].action"));
    }

    @Test
    void consentEvent_reportsEveryInvalidFieldAtOnce() {
        assertThatThrownBy(() -> new ConsentEvent(
                        UUID.randomUUID(),
                        EventBuilder.SUBJECT,
                        OFFERS,
                        ConsentScope.WHOLE_PURPOSE,
                        ConsentAction.GRANTED,
                        0,
                        "NOT-A-HASH",
                        Channel.WEB,
                        null,
                        Instant.parse("2025-03-01T09:00:00Z"),
                        Actor.customer(),
                        "has spaces"))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("noticeVersion", "noticeHash", "idempotencyKey"));
    }

    @Test
    void expiry_mustBeRecordedByCustodia_andCustodiaNeverGrantsOrRefuses() {
        Instant at = Instant.parse("2025-03-01T09:00:00Z");

        assertThatThrownBy(() -> EventBuilder.expired("2025-03-01T09:00:00Z")
                        .by(Actor.customer())
                        .build())
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("actor"));
        assertThatThrownBy(() -> EventBuilder.event(ConsentAction.GRANTED, at)
                        .by(Actor.custodia())
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the consent event is not valid");
        assertThatThrownBy(() -> EventBuilder.event(ConsentAction.REFUSED, at)
                        .by(Actor.custodia())
                        .build())
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("actor"));
    }

    @Test
    void custodia_mayWithdrawOrObject_whenItAppliesAnOptOutSignal() {
        Instant at = Instant.parse("2025-03-01T09:00:00Z");

        assertThat(EventBuilder.event(ConsentAction.WITHDRAWN, at)
                        .by(Actor.custodia())
                        .build()
                        .actor())
                .isEqualTo(Actor.custodia());
        assertThat(EventBuilder.event(ConsentAction.OBJECTED, at)
                        .by(Actor.custodia())
                        .build()
                        .action())
                .isEqualTo(ConsentAction.OBJECTED);
    }

    @Test
    void agentAndGuardian_needAnIdentifier() {
        assertThatThrownBy(() -> Actor.agent(" "))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("actor.agentId"));
        assertThatThrownBy(() -> Actor.guardian(""))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("actor.guardianId"));
    }

    @Test
    void scope_keepsCategoriesSorted_andKnowsTheWholePurpose() {
        ConsentScope scope = categories("user.location.precise", "user.contact.email");

        assertThat(scope.dataCategories())
                .containsExactly(TermKey.of("user.contact.email"), TermKey.of("user.location.precise"));
        assertThat(scope.isWholePurpose()).isFalse();
        assertThat(ConsentScope.of(Set.of()).isWholePurpose()).isTrue();
        assertThat(ConsentScope.of(Set.of(), CatalogKey.of("acme-ads")).isWholePurpose())
                .isFalse();
    }

    @Test
    void purposePolicy_renewalMustBePositive() {
        assertThatThrownBy(() -> PurposePolicy.consent(OFFERS, Period.ZERO, Period.ofMonths(6)))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("renewal"));
        assertThatThrownBy(() -> PurposePolicy.consent(OFFERS, Period.of(0, 1, -1), Period.ofMonths(6)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void purposePolicy_renewsOnlyConsent() {
        assertThatThrownBy(() ->
                        new PurposePolicy(OFFERS, LegalBasis.LEGITIMATE_INTEREST, Period.ofMonths(13), Period.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("only consent is renewed; purpose marketing.personalised_offers is processed on"
                        + " legitimate interest (GDPR Art. 6(1)(f))");
    }

    @Test
    void purposePolicy_ofConsent_mustStateItsPeriods() {
        assertThatThrownBy(() -> PurposePolicy.of(OFFERS, LegalBasis.CONSENT))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("legalBasis"));
    }

    @Test
    void purposePolicy_refusalRetentionCannotBeNegative() {
        assertThatThrownBy(() -> PurposePolicy.consent(OFFERS, Period.ofMonths(13), Period.ofDays(-1)))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("refusalRetention"));
    }

    @Test
    void noticeVersion_lastMaterialVersionMustBePublished() {
        assertThatThrownBy(() -> new NoticeVersion(OFFERS, 2, 3))
                .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                        .extracting(FieldError::field)
                        .containsExactly("lastMaterialVersion"));
        assertThatThrownBy(() -> new NoticeVersion(OFFERS, 0, 0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void noticeVersions_holdOneSetPerPurpose() {
        assertThatThrownBy(() -> NoticeVersions.of(new NoticeVersion(OFFERS, 2, 1), new NoticeVersion(OFFERS, 3, 3)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("marketing.personalised_offers");
        assertThat(NoticeVersions.of(new NoticeVersion(OFFERS, 2, 1)).forPurpose(OFFERS))
                .contains(new NoticeVersion(OFFERS, 2, 1));
        assertThat(NoticeVersions.none().forPurpose(OFFERS)).isEmpty();
    }
}
