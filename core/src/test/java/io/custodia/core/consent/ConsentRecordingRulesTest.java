package io.custodia.core.consent;

import static io.custodia.core.consent.EventBuilder.OFFERS;
import static io.custodia.core.consent.EventBuilder.granted;
import static io.custodia.core.consent.EventBuilder.objected;
import static io.custodia.core.consent.EventBuilder.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConsentRecordingRulesTest {

    private static final PurposePolicy OFFERS_POLICY =
            PurposePolicy.consent(OFFERS, PurposePolicy.CNIL_RENEWAL, PurposePolicy.CNIL_REFUSAL_RETENTION);
    private static final TermKey NETWORK_QUALITY = TermKey.of("analytics.network_quality");
    private static final Duration TOLERANCE = ConsentRecordingRules.DEFAULT_CLOCK_TOLERANCE;
    private static final JurisdictionPacks PACKS = JurisdictionPacks.builtIn();

    private static PurposePolicy networkQualityOn(LegalBasis basis) {
        return PurposePolicy.of(NETWORK_QUALITY, basis);
    }

    private static FieldError theOnlyError(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(InvalidInputException.class);
        List<FieldError> errors = ((InvalidInputException) thrown).errors();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Nested
    class ActionAndLegalBasis {

        @ParameterizedTest
        @EnumSource(
                value = ConsentAction.class,
                names = {"GRANTED", "REFUSED", "WITHDRAWN"})
        void consentChoices_onAConsentPurpose_areAccepted(ConsentAction action) {
            assertThatCode(() -> ConsentRecordingRules.checkAction(action, OFFERS_POLICY))
                    .doesNotThrowAnyException();
        }

        @Test
        void grant_onALegitimateInterestPurpose_isAccepted_asLiftingAnObjection() {
            assertThatCode(() -> ConsentRecordingRules.checkAction(
                            ConsentAction.GRANTED, networkQualityOn(LegalBasis.LEGITIMATE_INTEREST)))
                    .doesNotThrowAnyException();
        }

        @Test
        void refusal_onALegitimateInterestPurpose_isRefused_pointingToAnObjection() {
            FieldError error = theOnlyError(() -> ConsentRecordingRules.checkAction(
                    ConsentAction.REFUSED, networkQualityOn(LegalBasis.LEGITIMATE_INTEREST)));

            assertThat(error.field()).isEqualTo("action");
            assertThat(error.message())
                    .isEqualTo("purpose analytics.network_quality is processed on legitimate interest (GDPR Art."
                            + " 6(1)(f)), not on consent, so there is no consent to refuse; the customer can object to"
                            + " it instead (GDPR Art. 21)");
        }

        @Test
        void withdrawal_onAContractPurpose_isRefused_sayingNoObjectionAppliesEither() {
            FieldError error = theOnlyError(() ->
                    ConsentRecordingRules.checkAction(ConsentAction.WITHDRAWN, networkQualityOn(LegalBasis.CONTRACT)));

            assertThat(error.field()).isEqualTo("action");
            assertThat(error.message())
                    .contains("contract (GDPR Art. 6(1)(b))", "no consent to withdraw", "nor can the customer object");
        }

        @ParameterizedTest
        @EnumSource(
                value = LegalBasis.class,
                names = {"LEGITIMATE_INTEREST", "PUBLIC_TASK"})
        void objection_toAnObjectableBasis_isAccepted(LegalBasis basis) {
            assertThatCode(() -> ConsentRecordingRules.checkAction(ConsentAction.OBJECTED, networkQualityOn(basis)))
                    .doesNotThrowAnyException();
        }

        @Test
        void objection_toAConsentPurpose_isRefused_pointingToAWithdrawal() {
            FieldError error =
                    theOnlyError(() -> ConsentRecordingRules.checkAction(ConsentAction.OBJECTED, OFFERS_POLICY));

            assertThat(error.field()).isEqualTo("action");
            assertThat(error.message()).contains("processed on consent", "withdraws or refuses consent");
        }

        @ParameterizedTest
        @EnumSource(
                value = LegalBasis.class,
                names = {"CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTEREST"})
        void objection_toABasisWithoutARightToObject_isRefused(LegalBasis basis) {
            FieldError error = theOnlyError(
                    () -> ConsentRecordingRules.checkAction(ConsentAction.OBJECTED, networkQualityOn(basis)));

            assertThat(error.field()).isEqualTo("action");
            assertThat(error.message()).contains("right to object (GDPR Art. 21) covers only");
        }

        @Test
        void expiry_sentByAClient_isRefused() {
            FieldError error =
                    theOnlyError(() -> ConsentRecordingRules.checkAction(ConsentAction.EXPIRED, OFFERS_POLICY));

            assertThat(error.field()).isEqualTo("action");
            assertThat(error.message()).contains("recorded by Custodia itself");
        }
    }

    @Nested
    class ClientTime {

        private final Instant serverTime = Instant.parse("2025-03-01T09:00:00Z");

        private ConsentEvent sentAt(Instant clientTime) {
            return granted("2025-03-01T09:00:00Z").clientTime(clientTime).build();
        }

        @Test
        void clientTime_aheadByExactlyTheTolerance_isAccepted() {
            assertThatCode(() -> ConsentRecordingRules.checkClientTime(sentAt(serverTime.plus(TOLERANCE)), TOLERANCE))
                    .doesNotThrowAnyException();
        }

        @Test
        void clientTime_aheadByMoreThanTheTolerance_isRefused_namingClientTime() {
            FieldError error = theOnlyError(() -> ConsentRecordingRules.checkClientTime(
                    sentAt(serverTime.plus(TOLERANCE).plusNanos(1)), TOLERANCE));

            assertThat(error)
                    .isEqualTo(new FieldError(
                            "clientTime",
                            "the device's clock is 5 min 1 s ahead of Custodia's; at most 5 min is accepted: check"
                                    + " the device's date and time"));
        }

        @Test
        void clientTime_longInThePast_isAccepted_becauseDevicesSendLater() {
            assertThatCode(() -> ConsentRecordingRules.checkClientTime(
                            sentAt(serverTime.minus(Duration.ofDays(30))), TOLERANCE))
                    .doesNotThrowAnyException();
        }

        @Test
        void noClientTime_isAccepted() {
            assertThatCode(() -> ConsentRecordingRules.checkClientTime(
                            granted("2025-03-01T09:00:00Z").build(), TOLERANCE))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    class Incoming {

        @Test
        void aValidEvent_isAccepted() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 2, 1));
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").notice(2).build();

            assertThatCode(() -> ConsentRecordingRules.checkIncoming(grant, OFFERS_POLICY, notices, TOLERANCE))
                    .doesNotThrowAnyException();
        }

        @Test
        void everyBrokenRule_isReportedAtOnce() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 2, 1));
            ConsentEvent objection = objected("2025-03-01T09:00:00Z")
                    .notice(3)
                    .clientTime(Instant.parse("2025-03-01T10:00:00Z"))
                    .build();

            assertThatThrownBy(() -> ConsentRecordingRules.checkIncoming(objection, OFFERS_POLICY, notices, TOLERANCE))
                    .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                            .extracting(FieldError::field)
                            .containsExactly("action", "noticeVersion", "clientTime"));
        }

        @Test
        void unpublishedNoticeVersion_isRefused() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 2, 1));
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").notice(3).build();

            FieldError error =
                    theOnlyError(() -> ConsentRecordingRules.checkIncoming(grant, OFFERS_POLICY, notices, TOLERANCE));

            assertThat(error)
                    .isEqualTo(new FieldError(
                            "noticeVersion",
                            "version 3 of the notice of purpose marketing.personalised_offers is not published; the"
                                    + " latest is version 2"));
        }

        @Test
        void eventForAnotherPurposeThanThePolicy_isRefused() {
            ConsentEvent grant =
                    granted("2025-03-01T09:00:00Z").purpose(NETWORK_QUALITY).build();

            FieldError error = theOnlyError(
                    () -> ConsentRecordingRules.checkIncoming(grant, OFFERS_POLICY, NoticeVersions.none(), TOLERANCE));

            assertThat(error.field()).isEqualTo("purpose");
        }
    }

    @Nested
    class ParentalConsent {

        @Test
        void grantByA14YearOldInFrance_isRefused_askingForAGuardian() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            FieldError error =
                    theOnlyError(() -> ConsentRecordingRules.checkParentalConsent(grant, 14, PACKS.get("fr")));

            assertThat(error.field()).isEqualTo("actor");
            assertThat(error.message())
                    .contains("under 15", "in France", "holder of parental responsibility")
                    .doesNotContain("14");
        }

        @Test
        void grantByAGuardianForA14YearOldInFrance_isAccepted() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z")
                    .by(Actor.guardian("customer-7731"))
                    .build();

            assertThatCode(() -> ConsentRecordingRules.checkParentalConsent(grant, 14, PACKS.get("fr")))
                    .doesNotThrowAnyException();
        }

        @Test
        void grantByA15YearOldInFrance_isAccepted_butNotInKenya() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            assertThatCode(() -> ConsentRecordingRules.checkParentalConsent(grant, 15, PACKS.get("fr")))
                    .doesNotThrowAnyException();
            assertThat(theOnlyError(() -> ConsentRecordingRules.checkParentalConsent(grant, 15, PACKS.get("ke")))
                            .message())
                    .contains("under 18", "in Kenya");
        }

        @Test
        void withdrawalByAChild_isAccepted_withoutAGuardian() {
            ConsentEvent withdrawal = withdrawn("2025-03-01T09:00:00Z").build();

            assertThatCode(() -> ConsentRecordingRules.checkParentalConsent(withdrawal, 12, PACKS.get("fr")))
                    .doesNotThrowAnyException();
        }
    }
}
