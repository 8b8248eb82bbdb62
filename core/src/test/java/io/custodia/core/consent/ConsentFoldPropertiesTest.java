package io.custodia.core.consent;

import static io.custodia.core.consent.EventBuilder.OFFERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.consent.ConsentState.Status;
import io.custodia.core.register.CatalogKey;
import io.custodia.core.taxonomy.TermKey;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the fold over realistic histories: up to a dozen grants, refusals, withdrawals, objections and
 * expiries of one customer, some narrowed to data categories or a recipient, under notice versions 1 to 3, recorded
 * over two years on a coarse grid of instants so that several land on the same instant.
 */
class ConsentFoldPropertiesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final PurposePolicy POLICY =
            PurposePolicy.consent(OFFERS, PurposePolicy.CNIL_RENEWAL, PurposePolicy.CNIL_REFUSAL_RETENTION);
    private static final List<TermKey> CATEGORIES = List.of(
            TermKey.of("user.location"),
            TermKey.of("user.location.precise"),
            TermKey.of("user.contact.email"),
            TermKey.of("user.contact.phone"));
    private static final CatalogKey ACME = CatalogKey.of("acme-ads");
    private static final CatalogKey GLOBEX = CatalogKey.of("globex.media");

    private static ConsentState fold(Collection<ConsentEvent> events, Instant now, ConsentScope use) {
        return ConsentFold.fold(events, POLICY, NoticeVersions.none(), now, use);
    }

    private static ConsentState fold(
            Collection<ConsentEvent> events, NoticeVersions notices, Instant now, ConsentScope use) {
        return ConsentFold.fold(events, POLICY, notices, now, use);
    }

    @Provide
    Arbitrary<Instant> serverTimes() {
        // 40 slots 20 days apart: a dozen events often share a slot. The jitter adds near-ties.
        Arbitrary<Long> jitterNanos = Arbitraries.frequency(
                Tuple.of(6, 0L), Tuple.of(1, 1L), Tuple.of(1, 1_000_000_000L), Tuple.of(1, 3_600_000_000_000L));
        return Combinators.combine(Arbitraries.integers().between(0, 40), jitterNanos)
                .as((slot, jitter) -> START.plus(Duration.ofDays(20L * slot)).plusNanos(jitter));
    }

    @Provide
    Arbitrary<Instant> nows() {
        Arbitrary<Instant> anyInstant =
                Arbitraries.longs().between(-10L * 86_400, 1_300L * 86_400).map(START::plusSeconds);
        // Asking exactly at an event's instant, or one nanosecond before it, tests both edges of "as of".
        return Arbitraries.frequencyOf(
                Tuple.of(2, anyInstant),
                Tuple.of(1, serverTimes()),
                Tuple.of(1, serverTimes().map(at -> at.minusNanos(1))));
    }

    /** No notice facts, or three versions of which the second or third may have changed the notice materially. */
    @Provide
    Arbitrary<NoticeVersions> notices() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(NoticeVersions.none())),
                Tuple.of(
                        3,
                        Arbitraries.integers()
                                .between(1, 3)
                                .map(material -> NoticeVersions.of(new NoticeVersion(OFFERS, 3, material)))));
    }

    private static Arbitrary<ConsentScope> scopes(Arbitrary<CatalogKey> recipients) {
        Arbitrary<Set<TermKey>> someCategories =
                Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(2);
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(ConsentScope.WHOLE_PURPOSE)),
                Tuple.of(3, someCategories.map(ConsentScope::of)),
                Tuple.of(1, Combinators.combine(someCategories, recipients).as(ConsentScope::of)),
                Tuple.of(1, recipients.map(recipient -> ConsentScope.of(Set.of(), recipient))));
    }

    @Provide
    Arbitrary<ConsentScope> eventScopes() {
        return scopes(Arbitraries.just(ACME));
    }

    @Provide
    Arbitrary<ConsentScope> uses() {
        return scopes(Arbitraries.of(ACME, GLOBEX));
    }

    @Provide
    Arbitrary<ConsentAction> actions() {
        return Arbitraries.frequency(
                Tuple.of(4, ConsentAction.GRANTED),
                Tuple.of(2, ConsentAction.REFUSED),
                Tuple.of(2, ConsentAction.WITHDRAWN),
                Tuple.of(1, ConsentAction.OBJECTED),
                Tuple.of(1, ConsentAction.EXPIRED));
    }

    /** Mostly grants, so that the properties about granted uses have many granted uses to check. */
    @Provide
    Arbitrary<ConsentAction> mostlyGrants() {
        return Arbitraries.frequency(
                Tuple.of(12, ConsentAction.GRANTED),
                Tuple.of(1, ConsentAction.REFUSED),
                Tuple.of(1, ConsentAction.WITHDRAWN),
                Tuple.of(1, ConsentAction.OBJECTED),
                Tuple.of(1, ConsentAction.EXPIRED));
    }

    @Provide
    Arbitrary<ConsentAction> denials() {
        return Arbitraries.of(ConsentAction.REFUSED, ConsentAction.WITHDRAWN, ConsentAction.OBJECTED);
    }

    private Arbitrary<ConsentEvent> events(Arbitrary<ConsentAction> actions) {
        Arbitrary<Actor> people = Arbitraries.of(Actor.customer(), Actor.agent("agent-042"), Actor.guardian("g-7"));
        return Combinators.combine(
                        Arbitraries.longs(),
                        actions,
                        serverTimes(),
                        Arbitraries.integers().between(1, 3),
                        eventScopes(),
                        people)
                .as((idBits, action, at, notice, scope, person) -> {
                    EventBuilder event = EventBuilder.event(action, at)
                            .id(new UUID(0, idBits))
                            .notice(notice)
                            .scope(scope);
                    return (action.systemGenerated() ? event : event.by(person)).build();
                });
    }

    @Provide
    Arbitrary<List<ConsentEvent>> histories() {
        return events(actions()).list().ofMinSize(1).ofMaxSize(12).uniqueElements(ConsentEvent::eventId);
    }

    @Provide
    Arbitrary<List<ConsentEvent>> grantfulHistories() {
        return events(mostlyGrants()).list().ofMinSize(1).ofMaxSize(12).uniqueElements(ConsentEvent::eventId);
    }

    /** The same request recorded a second time, later, under a new id: what a client's retry can produce. */
    private static ConsentEvent retryOf(ConsentEvent event, Duration later) {
        return new ConsentEvent(
                new UUID(1, event.eventId().getLeastSignificantBits()),
                event.subjectId(),
                event.purpose(),
                event.scope(),
                event.action(),
                event.noticeVersion(),
                event.noticeHash(),
                event.channel(),
                event.clientTime(),
                event.serverTime().plus(later),
                event.actor(),
                event.idempotencyKey());
    }

    /** The history as a ledger may deliver it: shuffled, some events twice or three times, some retried. */
    private static List<ConsentEvent> delivered(List<ConsentEvent> history, Random random) {
        List<ConsentEvent> delivered = new ArrayList<>(history);
        for (ConsentEvent event : history) {
            for (int copies = random.nextInt(3); copies > 0; copies--) {
                delivered.add(event);
            }
            if (random.nextInt(4) == 0) {
                delivered.add(retryOf(event, Duration.ofSeconds(1 + random.nextInt(86_400))));
            }
        }
        Collections.shuffle(delivered, random);
        return delivered;
    }

    private static Instant lastInstant(List<ConsentEvent> events) {
        return events.stream()
                .map(ConsentEvent::serverTime)
                .max(Comparator.naturalOrder())
                .orElse(START);
    }

    @Property
    void anyPermutationAndDuplication_foldsToTheSameState(
            @ForAll("histories") List<ConsentEvent> history,
            @ForAll Random random,
            @ForAll("notices") NoticeVersions notices,
            @ForAll("nows") Instant now,
            @ForAll("uses") ConsentScope use) {
        List<ConsentEvent> delivered = delivered(history, random);
        Statistics.collect(fold(history, notices, now, use).status());

        assertThat(fold(delivered, notices, now, use)).isEqualTo(fold(history, notices, now, use));
        assertThat(fold(delivered, notices, now, ConsentScope.WHOLE_PURPOSE))
                .isEqualTo(fold(history, notices, now, ConsentScope.WHOLE_PURPOSE));
    }

    @Property
    void denialAfterTheLastGrant_neverYieldsGranted(
            @ForAll("histories") List<ConsentEvent> history,
            @ForAll("denials") ConsentAction denial,
            @ForAll("uses") ConsentScope use,
            @ForAll boolean narrowedToTheUse,
            @ForAll @LongRange(min = 0, max = 3 * 86_400) long secondsAfterTheLastGrant,
            @ForAll @LongRange(min = 0, max = 800L * 86_400) long secondsUntilNow) {
        Instant lastGrant = lastInstant(history.stream()
                .filter(event -> event.action() == ConsentAction.GRANTED)
                .toList());
        // At zero seconds the denial shares its instant with the last grant, which the tie-break must resolve.
        ConsentEvent stop = EventBuilder.event(denial, lastGrant.plusSeconds(secondsAfterTheLastGrant))
                .scope(narrowedToTheUse ? use : ConsentScope.WHOLE_PURPOSE)
                .build();
        List<ConsentEvent> events = new ArrayList<>(history);
        events.add(stop);
        Instant now = stop.serverTime().plusSeconds(secondsUntilNow);

        assertThat(fold(events, now, use).status()).isNotEqualTo(Status.GRANTED);
    }

    @Property
    void grant_expiresExactlyAtTheEndOfItsRenewalPeriod(
            @ForAll("histories") List<ConsentEvent> history,
            @ForAll @IntRange(min = 1, max = 36) int months,
            @ForAll @IntRange(min = 0, max = 30) int days,
            @ForAll @LongRange(min = 1, max = 30L * 86_400 * 1_000_000_000) long nanosAfterTheHistory) {
        PurposePolicy policy = PurposePolicy.consent(OFFERS, Period.of(0, months, days), Period.ofMonths(6));
        ConsentEvent grant = EventBuilder.event(
                        ConsentAction.GRANTED, lastInstant(history).plusNanos(nanosAfterTheHistory))
                .build();
        List<ConsentEvent> events = new ArrayList<>(history);
        events.add(grant);
        Instant expiresAt = policy.expiryOf(grant.serverTime()).orElseThrow();

        assertThat(ConsentFold.fold(events, policy, NoticeVersions.none(), expiresAt.minusNanos(1)))
                .isEqualTo(
                        new ConsentState.Granted(grant.eventId(), grant.serverTime(), 1, Actor.customer(), expiresAt));
        assertThat(ConsentFold.fold(events, policy, NoticeVersions.none(), expiresAt))
                .isEqualTo(new ConsentState.Expired(grant.eventId(), expiresAt));
    }

    @Property
    void foldingAsOfAnInstant_ignoresEventsRecordedAfterIt(
            @ForAll("histories") List<ConsentEvent> history,
            @ForAll Random random,
            @ForAll("notices") NoticeVersions notices,
            @ForAll("nows") Instant now,
            @ForAll("uses") ConsentScope use) {
        List<ConsentEvent> delivered = delivered(history, random);
        List<ConsentEvent> recordedByThen = delivered.stream()
                .filter(event -> !event.serverTime().isAfter(now))
                .toList();

        assertThat(fold(delivered, notices, now, use)).isEqualTo(fold(recordedByThen, notices, now, use));
    }

    @Property
    void materialNoticeChangeAfterEveryGrant_requiresReconsent(
            @ForAll("histories") List<ConsentEvent> history,
            @ForAll @IntRange(min = 1, max = 3) int grantVersion,
            @ForAll @IntRange(min = 0, max = 2) int versionsAfterTheMaterialOne,
            @ForAll @LongRange(min = 0, max = 1_000L * 86_400) long secondsUntilNow) {
        ConsentEvent grant = EventBuilder.event(
                        ConsentAction.GRANTED, lastInstant(history).plusSeconds(1))
                .notice(grantVersion)
                .build();
        List<ConsentEvent> events = new ArrayList<>(history);
        events.add(grant);
        // The history's grants use versions 1 to 3, so version 4 changes the notice materially after all of them.
        NoticeVersions notices = NoticeVersions.of(new NoticeVersion(OFFERS, 4 + versionsAfterTheMaterialOne, 4));
        Instant now = grant.serverTime().plusSeconds(secondsUntilNow);

        assertThat(ConsentFold.fold(events, POLICY, notices, now))
                .isEqualTo(new ConsentState.ReconsentRequired(grant.eventId(), grant.serverTime(), grantVersion, 4));
    }

    @Property
    void immaterialNoticeChanges_neverRequireReconsentOfALaterGrant(
            @ForAll("histories") List<ConsentEvent> history,
            @ForAll @IntRange(min = 1, max = 3) int grantVersion,
            @ForAll @IntRange(min = 0, max = 3) int laterVersions,
            @ForAll @LongRange(min = 0, max = 390L * 86_400) long secondsUntilNow) {
        ConsentEvent grant = EventBuilder.event(
                        ConsentAction.GRANTED, lastInstant(history).plusSeconds(1))
                .notice(grantVersion)
                .build();
        List<ConsentEvent> events = new ArrayList<>(history);
        events.add(grant);
        NoticeVersions notices =
                NoticeVersions.of(new NoticeVersion(OFFERS, grantVersion + laterVersions, grantVersion));
        Instant now = grant.serverTime().plusSeconds(secondsUntilNow);

        assertThat(ConsentFold.fold(events, POLICY, notices, now).status()).isEqualTo(Status.GRANTED);
    }

    @Property
    void aUseIsGranted_onlyIfEachOfItsCategoriesAloneIsGranted(
            @ForAll("grantfulHistories") List<ConsentEvent> history,
            @ForAll @LongRange(min = -30L * 86_400, max = 300L * 86_400) long secondsAfterTheHistory,
            @ForAll("uses") ConsentScope use,
            @ForAll("notices") NoticeVersions notices) {
        Instant now = lastInstant(history).plusSeconds(secondsAfterTheHistory);
        boolean granted = ConsentFold.fold(history, POLICY, notices, now, use).status() == Status.GRANTED;
        Statistics.label("use granted").collect(granted);
        Statistics.label("use granted").coverage(checker -> checker.check(true).percentage(p -> p > 10));
        if (!granted) {
            return;
        }

        for (TermKey category : use.dataCategories()) {
            ConsentScope alone = new ConsentScope(Set.of(category), use.recipient());
            assertThat(ConsentFold.fold(history, POLICY, notices, now, alone).status())
                    .as("%s alone", category)
                    .isEqualTo(Status.GRANTED);
        }
    }

    @Property
    void theWholePurposeIsGranted_onlyIfEveryCategoryKeptByTheCompanyIsGranted(
            @ForAll("grantfulHistories") List<ConsentEvent> history,
            @ForAll @LongRange(min = -30L * 86_400, max = 300L * 86_400) long secondsAfterTheHistory,
            @ForAll("notices") NoticeVersions notices) {
        Instant now = lastInstant(history).plusSeconds(secondsAfterTheHistory);
        boolean granted =
                fold(history, notices, now, ConsentScope.WHOLE_PURPOSE).status() == Status.GRANTED;
        Statistics.label("whole purpose granted").collect(granted);
        Statistics.label("whole purpose granted")
                .coverage(checker -> checker.check(true).percentage(p -> p > 10));
        if (!granted) {
            return;
        }

        for (TermKey category : CATEGORIES) {
            assertThat(fold(history, notices, now, ConsentScope.of(Set.of(category)))
                            .status())
                    .as("%s", category)
                    .isEqualTo(Status.GRANTED);
        }
    }
}
