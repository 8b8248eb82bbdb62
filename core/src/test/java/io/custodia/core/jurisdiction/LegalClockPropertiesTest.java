package io.custodia.core.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the legal clocks across every pack, every pack's zone and receipt instants from 2020 to 2035. */
class LegalClockPropertiesTest {

    private static final JurisdictionPacks PACKS = JurisdictionPacks.builtIn();
    private static final Clock UNUSED = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private static final Instant FROM_2020 = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant TO_2035 = Instant.parse("2035-12-31T23:59:59.999999999Z");

    /**
     * The longest run of non-working days in any shipped calendar: a weekend followed by two holidays (Christmas and
     * Boxing Day on a Monday and Tuesday in Kenya and Nigeria), or two holidays followed by a weekend (20 and 21
     * August in Morocco on a Thursday and Friday).
     */
    private static final int LONGEST_PUSH_DAYS = 4;

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(
                        Arbitraries.longs().between(FROM_2020.getEpochSecond(), TO_2035.getEpochSecond()),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<JurisdictionPack> packs() {
        return Arbitraries.of(PACKS.all());
    }

    @Provide
    Arbitrary<JurisdictionPack> monthlyPacks() {
        return Arbitraries.of(PACKS.all().stream()
                .filter(pack -> pack.requestDeadline().period().equals(Period.ofMonths(1)))
                .toList());
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        List<ZoneId> zones =
                PACKS.all().stream().map(JurisdictionPack::zone).distinct().toList();
        return Arbitraries.of(zones);
    }

    @Property
    void dueDate_isAlwaysAWorkingDay(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant received) {
        LegalClock clock = new LegalClock(pack, zone, UNUSED);

        assertThat(pack.calendar().isWorkingDay(clock.requestDueDate(received).date()))
                .isTrue();
        assertThat(pack.calendar()
                        .isWorkingDay(clock.extendedRequestDueDate(received).date()))
                .isTrue();
    }

    @Property
    void monthlyDueDate_isBetween28And35DaysAfterTheLocalReceiptDate(
            @ForAll("monthlyPacks") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant received) {
        LegalClock clock = new LegalClock(pack, zone, UNUSED);
        LocalDate receipt = clock.receiptDate(received);

        LocalDate due = clock.requestDueDate(received).date();

        assertThat(due).isBetween(receipt.plusDays(28), receipt.plusDays(31 + LONGEST_PUSH_DAYS));
    }

    @Property
    void dueDate_isTheNominalDateOrTheFirstWorkingDayAfterIt(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant received) {
        LegalClock clock = new LegalClock(pack, zone, UNUSED);
        LocalDate nominal =
                clock.receiptDate(received).plus(pack.requestDeadline().period());

        LocalDate due = clock.requestDueDate(received).date();

        assertThat(due).isBetween(nominal, nominal.plusDays(LONGEST_PUSH_DAYS));
        for (LocalDate skipped = nominal; skipped.isBefore(due); skipped = skipped.plusDays(1)) {
            assertThat(pack.calendar().isWorkingDay(skipped))
                    .as("%s skipped", skipped)
                    .isFalse();
        }
    }

    @Property
    void dueDate_neverMovesEarlierWhenTheRequestArrivesLater(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant received,
            @ForAll @LongRange(min = 0, max = 400L * 24 * 3600) long laterBySeconds) {
        LegalClock clock = new LegalClock(pack, zone, UNUSED);
        Instant later = received.plusSeconds(laterBySeconds);

        assertThat(clock.requestDueDate(later).date())
                .isAfterOrEqualTo(clock.requestDueDate(received).date());
        assertThat(clock.extendedRequestDueDate(later).date())
                .isAfterOrEqualTo(clock.extendedRequestDueDate(received).date());
    }

    @Property
    void extendedDueDate_isNeverBeforeTheBaseDueDate(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant received) {
        LegalClock clock = new LegalClock(pack, zone, UNUSED);

        DueDate base = clock.requestDueDate(received);
        DueDate extended = clock.extendedRequestDueDate(received);

        assertThat(extended.date()).isAfterOrEqualTo(base.date());
        if (pack.requestDeadline().extendable()) {
            assertThat(extended.date()).isAfter(base.date());
        }
    }

    @Property
    void endOfDay_fallsOnTheDueDateInItsZone_andTheNextInstantDoesNot(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant received) {
        DueDate due = new LegalClock(pack, zone, UNUSED).requestDueDate(received);

        assertThat(LocalDate.ofInstant(due.endOfDay(), zone)).isEqualTo(due.date());
        assertThat(LocalDate.ofInstant(due.endOfDay().plusNanos(1), zone))
                .isEqualTo(due.date().plusDays(1));
    }

    @Property
    void breachDeadline_isExactlyTheRulesDurationAfterAwareness_acrossDaylightSaving(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll("zones") ZoneId zone,
            @ForAll("instants") Instant awareness) {
        LegalClock clock = new LegalClock(pack, zone, UNUSED);

        for (BreachNotice notice : BreachNotice.values()) {
            NotificationDeadline rule = pack.breach().deadlineFor(notice);
            if (rule instanceof NotificationDeadline.Within within) {
                Instant due = clock.breachNoticeDue(notice, awareness).orElseThrow();
                assertThat(Duration.between(awareness, due)).isEqualTo(within.duration());
            } else {
                assertThat(clock.breachNoticeDue(notice, awareness)).isEmpty();
            }
        }
    }

    @Property
    void addWorkingDays_landsOnAWorkingDay_afterExactlyThatManyWorkingDays(
            @ForAll("packs") JurisdictionPack pack,
            @ForAll @LongRange(min = 0, max = 16 * 366) long dayOffset,
            @ForAll @IntRange(min = 1, max = 40) int workingDays) {
        HolidayCalendar calendar = pack.calendar();
        LocalDate start = LocalDate.of(2020, 1, 1).plusDays(dayOffset);

        LocalDate end = calendar.addWorkingDays(start, workingDays);

        assertThat(calendar.isWorkingDay(end)).isTrue();
        long counted = start.plusDays(1)
                .datesUntil(end.plusDays(1))
                .filter(calendar::isWorkingDay)
                .count();
        assertThat(counted).isEqualTo(workingDays);
        assertThat(ChronoUnit.DAYS.between(start, end)).isGreaterThanOrEqualTo(workingDays);
        if (calendar.isWorkingDay(start)) {
            assertThat(calendar.addWorkingDays(end, -workingDays)).isEqualTo(start);
        }
    }
}
