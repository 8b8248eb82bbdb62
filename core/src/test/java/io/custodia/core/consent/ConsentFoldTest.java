package io.custodia.core.consent;

import static io.custodia.core.consent.EventBuilder.OFFERS;
import static io.custodia.core.consent.EventBuilder.categories;
import static io.custodia.core.consent.EventBuilder.expired;
import static io.custodia.core.consent.EventBuilder.granted;
import static io.custodia.core.consent.EventBuilder.objected;
import static io.custodia.core.consent.EventBuilder.refused;
import static io.custodia.core.consent.EventBuilder.toRecipient;
import static io.custodia.core.consent.EventBuilder.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.consent.ConsentState.Status;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsentFoldTest {

    private static final PurposePolicy OFFERS_POLICY =
            PurposePolicy.consent(OFFERS, PurposePolicy.CNIL_RENEWAL, PurposePolicy.CNIL_REFUSAL_RETENTION);
    private static final TermKey NETWORK_QUALITY = TermKey.of("analytics.network_quality");
    private static final PurposePolicy NETWORK_QUALITY_POLICY =
            PurposePolicy.of(NETWORK_QUALITY, LegalBasis.LEGITIMATE_INTEREST);
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static ConsentState fold(ConsentEvent... events) {
        return ConsentFold.fold(List.of(events), OFFERS_POLICY, NoticeVersions.none(), NOW);
    }

    private static ConsentState foldAt(Instant now, ConsentEvent... events) {
        return ConsentFold.fold(List.of(events), OFFERS_POLICY, NoticeVersions.none(), now);
    }

    private static ConsentState foldFor(ConsentScope use, ConsentEvent... events) {
        return ConsentFold.fold(List.of(events), OFFERS_POLICY, NoticeVersions.none(), NOW, use);
    }

    @Nested
    class Choices {

        @Test
        void noEvents_isNone() {
            assertThat(fold()).isEqualTo(ConsentState.none());
        }

        @Test
        void grant_isGranted_withItsNoticeVersionActorAndRenewalDate() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z")
                    .notice(2)
                    .by(Actor.agent("agent-042"))
                    .build();

            assertThat(fold(grant))
                    .isEqualTo(new ConsentState.Granted(
                            grant.eventId(),
                            grant.serverTime(),
                            2,
                            Actor.agent("agent-042"),
                            Instant.parse("2026-04-01T09:00:00Z")));
        }

        @Test
        void grantByAGuardian_recordsTheGuardianAsTheGiver() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z")
                    .by(Actor.guardian("customer-7731"))
                    .build();

            assertThat(((ConsentState.Granted) fold(grant)).grantedBy()).isEqualTo(Actor.guardian("customer-7731"));
        }

        @Test
        void withdrawal_afterGrant_isWithdrawn() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal = withdrawn("2025-04-01T09:00:00Z").build();

            assertThat(fold(grant, withdrawal))
                    .isEqualTo(new ConsentState.Withdrawn(withdrawal.eventId(), withdrawal.serverTime()));
        }

        @Test
        void withdrawal_beforeGrantArrives_staysWithdrawn() {
            // The grant was recorded first, but reaches the fold only after the withdrawal (a replica catching up).
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal = withdrawn("2025-03-01T09:05:00Z").build();

            assertThat(fold(withdrawal)).isEqualTo(fold(withdrawal, grant));
            assertThat(fold(withdrawal, grant).status()).isEqualTo(Status.WITHDRAWN);
        }

        @Test
        void grant_afterWithdrawal_isGrantedAgain() {
            ConsentEvent regrant = granted("2025-05-01T09:00:00Z").build();

            ConsentState state = fold(
                    granted("2025-03-01T09:00:00Z").build(),
                    withdrawn("2025-04-01T09:00:00Z").build(),
                    regrant);

            assertThat(state.status()).isEqualTo(Status.GRANTED);
            assertThat(((ConsentState.Granted) state).decidingEvent()).isEqualTo(regrant.eventId());
        }

        @Test
        void refusal_isKept_andTheCustomerMayBeAskedAgainSixMonthsLater() {
            ConsentEvent refusal = refused("2025-03-01T09:00:00Z").build();

            ConsentState.Refused state = (ConsentState.Refused) fold(refusal);

            assertThat(state.askAgainAfter()).isEqualTo(Instant.parse("2025-09-01T09:00:00Z"));
            assertThat(state.mayAskAgainAt(Instant.parse("2025-09-01T08:59:59.999999999Z")))
                    .isFalse();
            assertThat(state.mayAskAgainAt(Instant.parse("2025-09-01T09:00:00Z")))
                    .isTrue();
        }

        @Test
        void objection_toALegitimateInterest_isObjected() {
            ConsentEvent objection =
                    objected("2025-03-01T09:00:00Z").purpose(NETWORK_QUALITY).build();

            assertThat(ConsentFold.fold(List.of(objection), NETWORK_QUALITY_POLICY, NoticeVersions.none(), NOW))
                    .isEqualTo(new ConsentState.Objected(objection.eventId(), objection.serverTime()));
        }

        @Test
        void grant_afterObjection_liftsTheObjection_withoutExpiry() {
            ConsentEvent objection =
                    objected("2025-03-01T09:00:00Z").purpose(NETWORK_QUALITY).build();
            ConsentEvent lifting =
                    granted("2025-04-01T09:00:00Z").purpose(NETWORK_QUALITY).build();

            assertThat(ConsentFold.fold(
                            List.of(objection, lifting), NETWORK_QUALITY_POLICY, NoticeVersions.none(), NOW))
                    .isEqualTo(new ConsentState.Granted(
                            lifting.eventId(), lifting.serverTime(), 1, Actor.customer(), null));
        }

        @Test
        void clientTime_doesNotOrderEvents() {
            // The device that sent the withdrawal had its clock an hour behind.
            ConsentEvent grant = granted("2025-03-01T09:00:00Z")
                    .clientTime(Instant.parse("2025-03-01T09:00:00Z"))
                    .build();
            ConsentEvent withdrawal = withdrawn("2025-03-01T09:30:00Z")
                    .clientTime(Instant.parse("2025-03-01T08:30:00Z"))
                    .build();

            assertThat(fold(grant, withdrawal).status()).isEqualTo(Status.WITHDRAWN);
        }
    }

    @Nested
    class SameInstant {

        @Test
        void grantAndWithdrawal_atTheSameInstant_resolveToWithdrawn_inEitherOrder() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal = withdrawn("2025-03-01T09:00:00Z").build();

            assertThat(fold(grant, withdrawal)).isEqualTo(fold(withdrawal, grant));
            assertThat(fold(grant, withdrawal).status()).isEqualTo(Status.WITHDRAWN);
        }

        @Test
        void grantAndRefusal_atTheSameInstant_resolveToRefused() {
            assertThat(fold(
                                    refused("2025-03-01T09:00:00Z").build(),
                                    granted("2025-03-01T09:00:00Z").build())
                            .status())
                    .isEqualTo(Status.REFUSED);
        }

        @Test
        void objection_winsOverWithdrawalAndRefusal_atTheSameInstant() {
            ConsentState state = fold(
                    objected("2025-03-01T09:00:00Z").build(),
                    withdrawn("2025-03-01T09:00:00Z").build(),
                    refused("2025-03-01T09:00:00Z").build());

            assertThat(state.status()).isEqualTo(Status.OBJECTED);
        }

        @Test
        void twoGrants_atTheSameInstant_theOneUnderTheNewerNoticeWins() {
            ConsentEvent older = granted("2025-03-01T09:00:00Z").notice(1).build();
            ConsentEvent newer = granted("2025-03-01T09:00:00Z").notice(2).build();
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 2, 2));

            assertThat(ConsentFold.fold(List.of(newer, older), OFFERS_POLICY, notices, NOW))
                    .isEqualTo(ConsentFold.fold(List.of(older, newer), OFFERS_POLICY, notices, NOW))
                    .extracting(ConsentState::status)
                    .isEqualTo(Status.GRANTED);
        }
    }

    @Nested
    class AsOfAnInstant {

        @Test
        void eventsRecordedAfterNow_areIgnored() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal = withdrawn("2025-04-01T09:00:00Z").build();

            assertThat(foldAt(Instant.parse("2025-03-15T00:00:00Z"), grant, withdrawal))
                    .isEqualTo(foldAt(Instant.parse("2025-03-15T00:00:00Z"), grant));
            assertThat(foldAt(Instant.parse("2025-03-15T00:00:00Z"), grant, withdrawal)
                            .status())
                    .isEqualTo(Status.GRANTED);
            assertThat(foldAt(Instant.parse("2025-04-15T00:00:00Z"), grant, withdrawal)
                            .status())
                    .isEqualTo(Status.WITHDRAWN);
        }

        @Test
        void eventRecordedExactlyAtNow_counts_andOneNanosecondLater_doesNot() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            assertThat(foldAt(grant.serverTime(), grant).status()).isEqualTo(Status.GRANTED);
            assertThat(foldAt(grant.serverTime().minusNanos(1), grant)).isEqualTo(ConsentState.none());
        }
    }

    @Nested
    class Duplicates {

        @Test
        void sameEventDeliveredTwice_countsOnce() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            assertThat(fold(grant, grant, grant)).isEqualTo(fold(grant));
        }

        @Test
        void retriedGrant_recordedAgainAfterAWithdrawal_doesNotUndoIt() {
            // A client retried its grant request; the retry was recorded again, after the customer withdrew.
            ConsentEvent grant = granted("2025-03-01T09:00:00Z")
                    .idempotencyKey("prompt-81-a")
                    .build();
            ConsentEvent withdrawal = withdrawn("2025-03-01T09:02:00Z").build();
            ConsentEvent retry = granted("2025-03-01T09:05:00Z")
                    .idempotencyKey("prompt-81-a")
                    .build();

            assertThat(fold(retry, withdrawal, grant))
                    .isEqualTo(new ConsentState.Withdrawn(withdrawal.eventId(), withdrawal.serverTime()));
        }

        @Test
        void sameIdempotencyKey_theFirstRecordedCounts() {
            ConsentEvent first = granted("2025-03-01T09:00:00Z")
                    .idempotencyKey("prompt-81-a")
                    .build();
            ConsentEvent retry = granted("2025-03-01T09:05:00Z")
                    .idempotencyKey("prompt-81-a")
                    .build();

            assertThat(ConsentFold.ledger(List.of(retry, first), OFFERS)).containsExactly(first);
            assertThat(((ConsentState.Granted) fold(retry, first)).since()).isEqualTo(first.serverTime());
        }

        @Test
        void twoDifferentEventsUnderOneId_areRefusedAsACorruptLedger() {
            UUID id = UUID.fromString("00000000-0000-4000-8000-00000000abcd");
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").id(id).build();
            ConsentEvent withdrawal = withdrawn("2025-03-02T09:00:00Z").id(id).build();

            assertThatThrownBy(() -> fold(grant, withdrawal))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("corrupt");
        }

        @Test
        void ledger_listsEachEventOnce_inLedgerOrder() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent sameInstantWithdrawal =
                    withdrawn("2025-03-01T09:00:00Z").build();
            ConsentEvent refusal = refused("2025-02-01T09:00:00Z").build();

            assertThat(ConsentFold.ledger(List.of(sameInstantWithdrawal, grant, refusal, grant), OFFERS))
                    .containsExactly(refusal, grant, sameInstantWithdrawal);
        }
    }

    @Nested
    class WrongInput {

        @Test
        void eventsOfAnotherPurpose_areRefused() {
            ConsentEvent other =
                    granted("2025-03-01T09:00:00Z").purpose(NETWORK_QUALITY).build();

            assertThatThrownBy(() -> fold(other))
                    .isInstanceOfSatisfying(InvalidInputException.class, error -> assertThat(error.errors())
                            .singleElement()
                            .satisfies(
                                    fieldError -> assertThat(fieldError.field()).isEqualTo("events")))
                    .hasMessageContaining("analytics.network_quality");
        }

        @Test
        void eventsOfSeveralCustomers_areRefused() {
            ConsentEvent mine = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent theirs = granted("2025-03-01T09:00:00Z")
                    .subject(UUID.fromString("6f1c2a7e-0000-4000-8000-000000000002"))
                    .build();

            assertThatThrownBy(() -> fold(mine, theirs))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("one customer at a time");
        }
    }

    @Nested
    class Expiry {

        @Test
        void grant_expiresExactlyAtRenewalBoundary() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            Instant expiry = Instant.parse("2026-04-01T09:00:00Z");

            assertThat(foldAt(expiry.minusNanos(1), grant).status()).isEqualTo(Status.GRANTED);
            assertThat(foldAt(expiry, grant)).isEqualTo(new ConsentState.Expired(grant.eventId(), expiry));
        }

        @Test
        void renewal_countsCalendarMonthsInUtc_endingOnTheLastDayOfAShortMonth() {
            ConsentEvent grant = granted("2024-01-31T23:30:00Z").build();

            assertThat(((ConsentState.Granted) foldAt(Instant.parse("2024-02-01T00:00:00Z"), grant)).expiresAt())
                    .isEqualTo(Instant.parse("2025-02-28T23:30:00Z"));
        }

        @Test
        void renewedGrant_restartsTheRenewalPeriod() {
            ConsentEvent first = granted("2024-01-10T09:00:00Z").build();
            ConsentEvent renewal = granted("2025-01-10T09:00:00Z").build();

            ConsentState state = foldAt(Instant.parse("2025-06-01T00:00:00Z"), first, renewal);

            assertThat(state)
                    .isEqualTo(new ConsentState.Granted(
                            renewal.eventId(),
                            renewal.serverTime(),
                            1,
                            Actor.customer(),
                            Instant.parse("2026-02-10T09:00:00Z")));
        }

        @Test
        void grant_withoutRenewalPeriod_neverExpires() {
            PurposePolicy lasting = PurposePolicy.consentWithoutRenewal(OFFERS, Period.ofMonths(6));
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            ConsentState state = ConsentFold.fold(
                    List.of(grant), lasting, NoticeVersions.none(), Instant.parse("2099-01-01T00:00:00Z"));

            assertThat(state)
                    .isEqualTo(
                            new ConsentState.Granted(grant.eventId(), grant.serverTime(), 1, Actor.customer(), null));
        }

        @Test
        void expiryRecordedByCustodia_endsTheGrant() {
            ConsentEvent expiry = expired("2025-05-01T00:00:00Z").build();

            assertThat(fold(granted("2025-03-01T09:00:00Z").build(), expiry))
                    .isEqualTo(new ConsentState.Expired(expiry.eventId(), expiry.serverTime()));
        }
    }

    @Nested
    class NoticeChanges {

        private final ConsentEvent grantUnderVersion2 =
                granted("2025-03-01T09:00:00Z").notice(2).build();

        private ConsentState foldWith(NoticeVersions notices, Instant now, ConsentEvent... events) {
            return ConsentFold.fold(List.of(events), OFFERS_POLICY, notices, now);
        }

        @Test
        void grant_underANoticeOlderThanItsLastMaterialChange_requiresReconsent() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 4, 3));

            assertThat(foldWith(notices, NOW, grantUnderVersion2))
                    .isEqualTo(new ConsentState.ReconsentRequired(
                            grantUnderVersion2.eventId(), grantUnderVersion2.serverTime(), 2, 3));
        }

        @Test
        void grant_underANoticeChangedSinceOnlyImmaterially_staysGranted() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 4, 2));

            assertThat(foldWith(notices, NOW, grantUnderVersion2).status()).isEqualTo(Status.GRANTED);
        }

        @Test
        void newGrant_underTheMaterialVersion_isGrantedAgain() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 3, 3));
            ConsentEvent renewed = granted("2025-05-01T09:00:00Z").notice(3).build();

            assertThat(foldWith(notices, NOW, grantUnderVersion2, renewed).status())
                    .isEqualTo(Status.GRANTED);
        }

        @Test
        void staleGrantUnderAnOldNotice_doesNotUndoAGrantUnderTheCurrentOne() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 2, 2));
            ConsentEvent stale = granted("2025-04-01T09:00:00Z").notice(1).build();

            assertThat(foldWith(notices, NOW, grantUnderVersion2, stale))
                    .isEqualTo(new ConsentState.Granted(
                            grantUnderVersion2.eventId(),
                            grantUnderVersion2.serverTime(),
                            2,
                            Actor.customer(),
                            Instant.parse("2026-04-01T09:00:00Z")));
            // Once the current grant has expired, the latest grant says why consent must be asked again.
            assertThat(foldWith(notices, Instant.parse("2026-04-01T09:00:00Z"), grantUnderVersion2, stale))
                    .isEqualTo(new ConsentState.ReconsentRequired(stale.eventId(), stale.serverTime(), 1, 2));
        }

        @Test
        void reconsentRequired_staysSo_afterTheRenewalDate() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 3, 3));

            assertThat(foldWith(notices, Instant.parse("2030-01-01T00:00:00Z"), grantUnderVersion2)
                            .status())
                    .isEqualTo(Status.RECONSENT_REQUIRED);
        }

        @Test
        void refusal_underAnOldNotice_staysRefused() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 3, 3));

            assertThat(foldWith(notices, NOW, refused("2025-03-01T09:00:00Z").build())
                            .status())
                    .isEqualTo(Status.REFUSED);
        }

        @Test
        void noticeFactsOfAnotherPurpose_changeNothing() {
            NoticeVersions notices = NoticeVersions.of(new NoticeVersion(NETWORK_QUALITY, 9, 9));

            assertThat(foldWith(notices, NOW, grantUnderVersion2).status()).isEqualTo(Status.GRANTED);
        }
    }

    @Nested
    class Narrowing {

        private final ConsentScope email = categories("user.contact.email");
        private final ConsentScope precise = categories("user.location.precise");
        private final ConsentScope location = categories("user.location");
        private final ConsentScope emailAndPrecise = categories("user.contact.email", "user.location.precise");

        @Test
        void narrowedWithdrawal_deniesUsesThatIncludeItsCategory() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal =
                    withdrawn("2025-04-01T09:00:00Z").scope(precise).build();

            assertThat(foldFor(precise, grant, withdrawal).status()).isEqualTo(Status.WITHDRAWN);
            assertThat(foldFor(emailAndPrecise, grant, withdrawal).status()).isEqualTo(Status.WITHDRAWN);
        }

        @Test
        void narrowedWithdrawal_leavesOtherCategoriesGranted() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal =
                    withdrawn("2025-04-01T09:00:00Z").scope(precise).build();

            assertThat(foldFor(email, grant, withdrawal).status()).isEqualTo(Status.GRANTED);
        }

        @Test
        void narrowedWithdrawal_deniesTheWholePurpose() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal =
                    withdrawn("2025-04-01T09:00:00Z").scope(precise).build();

            assertThat(fold(grant, withdrawal).status()).isEqualTo(Status.WITHDRAWN);
        }

        @Test
        void narrowedWithdrawal_reachesUsesOfTheCategoryAboveAndBelowIt() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            ConsentEvent ofPrecise =
                    withdrawn("2025-04-01T09:00:00Z").scope(precise).build();
            assertThat(foldFor(location, grant, ofPrecise).status()).isEqualTo(Status.WITHDRAWN);

            ConsentEvent ofLocation =
                    withdrawn("2025-04-01T09:00:00Z").scope(location).build();
            assertThat(foldFor(precise, grant, ofLocation).status()).isEqualTo(Status.WITHDRAWN);
        }

        @Test
        void narrowedGrant_allowsOnlyUsesWithinIt() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").scope(location).build();

            assertThat(foldFor(location, grant).status()).isEqualTo(Status.GRANTED);
            assertThat(foldFor(precise, grant).status()).isEqualTo(Status.GRANTED);
            assertThat(foldFor(email, grant).status()).isEqualTo(Status.NONE);
            assertThat(foldFor(emailAndPrecise, grant).status()).isEqualTo(Status.NONE);
            assertThat(fold(grant).status()).isEqualTo(Status.NONE);
        }

        @Test
        void narrowerGrant_doesNotTakeBackAWiderEarlierOne() {
            ConsentEvent wide = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent narrow = granted("2025-04-01T09:00:00Z").scope(email).build();

            ConsentState state = foldFor(precise, wide, narrow);

            assertThat(state.status()).isEqualTo(Status.GRANTED);
            assertThat(((ConsentState.Granted) state).decidingEvent()).isEqualTo(wide.eventId());
        }

        @Test
        void separateNarrowGrants_doNotAddUp() {
            ConsentState state = foldFor(
                    emailAndPrecise,
                    granted("2025-03-01T09:00:00Z").scope(email).build(),
                    granted("2025-03-02T09:00:00Z").scope(precise).build());

            assertThat(state).isEqualTo(ConsentState.none());
        }

        @Test
        void withdrawalForARecipient_deniesOnlyDataSentToThatRecipient() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();
            ConsentEvent withdrawal = withdrawn("2025-04-01T09:00:00Z")
                    .scope(toRecipient("acme_ads"))
                    .build();

            assertThat(foldFor(toRecipient("acme_ads", "user.contact.email"), grant, withdrawal)
                            .status())
                    .isEqualTo(Status.WITHDRAWN);
            assertThat(foldFor(toRecipient("globex_media", "user.contact.email"), grant, withdrawal)
                            .status())
                    .isEqualTo(Status.GRANTED);
            assertThat(fold(grant, withdrawal).status()).isEqualTo(Status.GRANTED);
        }

        @Test
        void grantForARecipient_allowsOnlyDataSentToThatRecipient() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z")
                    .scope(toRecipient("acme_ads", "user.contact.email"))
                    .build();

            assertThat(foldFor(toRecipient("acme_ads", "user.contact.email"), grant)
                            .status())
                    .isEqualTo(Status.GRANTED);
            assertThat(foldFor(toRecipient("globex_media", "user.contact.email"), grant)
                            .status())
                    .isEqualTo(Status.NONE);
            assertThat(foldFor(email, grant).status()).isEqualTo(Status.NONE);
        }

        @Test
        void wholePurposeGrant_coversEveryRecipient() {
            ConsentEvent grant = granted("2025-03-01T09:00:00Z").build();

            assertThat(foldFor(toRecipient("acme_ads", "user.contact.email"), grant)
                            .status())
                    .isEqualTo(Status.GRANTED);
        }
    }
}
