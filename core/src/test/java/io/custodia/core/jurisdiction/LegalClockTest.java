package io.custodia.core.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.jurisdiction.NotificationDeadline.NotRequired;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

@SuppressWarnings("CanonicalDuration") // deadlines are written as the law states them: 72 hours, not 3 days
class LegalClockTest {

    private static final JurisdictionPacks PACKS = JurisdictionPacks.builtIn();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Clock UNUSED = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private static LegalClock clock(String code) {
        return LegalClock.inPackZone(PACKS.get(code), UNUSED);
    }

    private static Instant paris(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(PARIS).toInstant();
    }

    @Test
    void requestReceived31January_isDueOnTheLastDayOfFebruary() {
        DueDate due = clock("fr").requestDueDate(paris(2025, 1, 31, 10, 0));

        assertThat(due.date()).isEqualTo(LocalDate.of(2025, 2, 28));
    }

    @Test
    void requestReceived31JanuaryOfALeapYear_isDueOn29February() {
        DueDate due = clock("fr").requestDueDate(paris(2028, 1, 31, 10, 0));

        assertThat(due.date()).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void requestReceivedFriday30April2027_dueOnSunday30May_movesToMonday31May() {
        DueDate due = clock("fr").requestDueDate(paris(2027, 4, 30, 16, 0));

        assertThat(due.date()).isEqualTo(LocalDate.of(2027, 5, 31));
    }

    @Test
    void requestDueOnBastilleDay_movesToTheNextWorkingDay() {
        // 14 July 2025 is a Monday and a public holiday in France, but not in the base GDPR calendar.
        Instant received = paris(2025, 6, 14, 9, 0);

        assertThat(clock("fr").requestDueDate(received).date()).isEqualTo(LocalDate.of(2025, 7, 15));
        assertThat(clock("eu-gdpr").requestDueDate(received).date()).isEqualTo(LocalDate.of(2025, 7, 14));
    }

    @Test
    void requestReceivedOnAHoliday_stillCountsFromThatDay() {
        // The day of receipt is day 1 whether or not it is a working day: 1 May 2025 gives 1 June, a Sunday.
        DueDate due = clock("fr").requestDueDate(paris(2025, 5, 1, 9, 0));

        assertThat(due.date()).isEqualTo(LocalDate.of(2025, 6, 2));
    }

    @Test
    void requestReceived2330UtcOn31December_isReceivedOn1JanuaryInNairobi() {
        LegalClock nairobi = clock("ke");
        Instant received = Instant.parse("2025-12-31T23:30:00Z");

        assertThat(nairobi.receiptDate(received)).isEqualTo(LocalDate.of(2026, 1, 1));
        // Seven days from 1 January is Thursday 8 January 2026, a working day.
        assertThat(nairobi.requestDueDate(received).date()).isEqualTo(LocalDate.of(2026, 1, 8));
        assertThat(new LegalClock(PACKS.get("ke"), ZoneOffset.UTC, UNUSED).receiptDate(received))
                .isEqualTo(LocalDate.of(2025, 12, 31));
    }

    @Test
    void dayBasedPeriod_addsDaysToTheReceiptDate() {
        // Nigeria: P30D. 2 March 2026 plus 30 days is Wednesday 1 April 2026.
        DueDate due = clock("ng").requestDueDate(Instant.parse("2026-03-02T09:00:00Z"));

        assertThat(due.date()).isEqualTo(LocalDate.of(2026, 4, 1));
    }

    @Test
    void dayBasedPeriod_endingOnAHolidayWeekend_movesPastIt() {
        // Kenya: P7D. 27 March 2026 plus 7 days is Good Friday 3 April; Easter Monday follows the weekend.
        DueDate due = clock("ke").requestDueDate(Instant.parse("2026-03-27T06:00:00Z"));

        assertThat(due.date()).isEqualTo(LocalDate.of(2026, 4, 7));
    }

    @Test
    void extendedDeadline_isThreeMonthsFromReceipt() {
        LegalClock fr = clock("fr");
        Instant received = paris(2025, 1, 31, 10, 0);

        assertThat(fr.extendedRequestDueDate(received).date()).isEqualTo(LocalDate.of(2025, 4, 30));
    }

    @Test
    void extendedDeadline_withoutAnExtensionInTheLaw_isTheBaseDeadline() {
        LegalClock ke = clock("ke");
        Instant received = Instant.parse("2026-03-02T09:00:00Z");

        assertThat(ke.extendedRequestDueDate(received)).isEqualTo(ke.requestDueDate(received));
    }

    @Test
    void endOfDay_isTheLastNanosecondOfTheLocalDueDate_inUtc() {
        DueDate due = clock("fr").requestDueDate(paris(2025, 1, 31, 10, 0));

        assertThat(due.endOfDay()).isEqualTo(Instant.parse("2025-02-28T22:59:59.999999999Z"));
        assertThat(due.isPassedAt(Instant.parse("2025-02-28T22:59:59.999999999Z")))
                .isFalse();
        assertThat(due.isPassedAt(Instant.parse("2025-02-28T23:00:00Z"))).isTrue();
    }

    @Test
    void endOfDay_onADaylightSavingDay_isStillTheLastInstantOfThatLocalDate() {
        // 30 March 2025 has 23 hours in Paris; the next day starts at 22:00 UTC.
        DueDate due = new DueDate(LocalDate.of(2025, 3, 30), PARIS);

        assertThat(due.endOfDay()).isEqualTo(Instant.parse("2025-03-30T21:59:59.999999999Z"));
    }

    @Test
    void gdprBreach_acrossTheAutumnClockChange_isDueExactly72HoursLater() {
        // Paris leaves summer time on Sunday 26 October 2025: 72 hours after Friday 10:00 is Monday 09:00 local.
        Instant awareness = paris(2025, 10, 24, 10, 0);

        Instant due =
                clock("fr").breachNoticeDue(BreachNotice.AUTHORITY, awareness).orElseThrow();

        assertThat(Duration.between(awareness, due)).isEqualTo(Duration.ofHours(72));
        assertThat(ZonedDateTime.ofInstant(due, PARIS).toLocalDateTime())
                .isEqualTo(LocalDateTime.of(2025, 10, 27, 9, 0));
    }

    @Test
    void telecomBreach_isDueToTheAuthorityIn24Hours_withDetailsIn3Days() {
        LegalClock telecom = clock("eu-telecom");
        Instant awareness = Instant.parse("2026-02-06T17:45:00Z");

        assertThat(telecom.breachNoticeDue(BreachNotice.AUTHORITY, awareness))
                .contains(Instant.parse("2026-02-07T17:45:00Z"));
        assertThat(telecom.breachNoticeDue(BreachNotice.AUTHORITY_DETAILS, awareness))
                .contains(Instant.parse("2026-02-09T17:45:00Z"));
    }

    @Test
    void kenyanProcessor_tellsTheControllerWithin48Hours() {
        Instant awareness = Instant.parse("2026-02-06T17:45:00Z");

        assertThat(clock("ke").breachNoticeDue(BreachNotice.CONTROLLER, awareness))
                .contains(Instant.parse("2026-02-08T17:45:00Z"));
    }

    @Test
    void deadlinesWithoutAFixedDuration_haveNoInstant() {
        Instant awareness = Instant.parse("2026-02-06T17:45:00Z");

        assertThat(clock("fr").breachNoticeDue(BreachNotice.SUBJECTS, awareness))
                .isEmpty();
        assertThat(clock("ng").breachNoticeDue(BreachNotice.SUBJECTS, awareness))
                .isEmpty();
        assertThat(clock("sn").breachNoticeDue(BreachNotice.AUTHORITY, awareness))
                .isEmpty();
        assertThat(PACKS.get("sn").breach().authority()).isInstanceOf(NotRequired.class);
    }

    @Test
    void everyReceiptDateFrom2020To2035_inEveryPack_isDueOnTheFirstWorkingDayFromTheNominalDate() {
        // Exhaustive where the properties sample: it checks the holiday data itself, date by date.
        for (JurisdictionPack pack : PACKS.all()) {
            LegalClock clock = LegalClock.inPackZone(pack, UNUSED);
            HolidayCalendar calendar = pack.calendar();
            for (LocalDate receipt = LocalDate.of(2020, 1, 1);
                    receipt.getYear() <= 2035;
                    receipt = receipt.plusDays(1)) {
                Instant noon = receipt.atTime(12, 0).atZone(pack.zone()).toInstant();
                LocalDate nominal = receipt.plus(pack.requestDeadline().period());

                LocalDate due = clock.requestDueDate(noon).date();

                assertThat(due).as("%s received %s", pack.code(), receipt).isBetween(nominal, nominal.plusDays(4));
                assertThat(calendar.isWorkingDay(due)).isTrue();
                assertThat(nominal.datesUntil(due).noneMatch(calendar::isWorkingDay))
                        .as("%s received %s", pack.code(), receipt)
                        .isTrue();
            }
        }
    }

    @Test
    void timeLeft_andOverdue_readTheInjectedClock() {
        DueDate due = new DueDate(LocalDate.of(2025, 2, 28), PARIS);
        Instant twoHoursBefore = Instant.parse("2025-02-28T21:00:00Z");
        LegalClock before = new LegalClock(PACKS.get("fr"), PARIS, Clock.fixed(twoHoursBefore, ZoneOffset.UTC));
        LegalClock after = new LegalClock(
                PACKS.get("fr"), PARIS, Clock.fixed(Instant.parse("2025-03-01T08:00:00Z"), ZoneOffset.UTC));

        assertThat(before.timeLeft(due)).isEqualTo(Duration.ofHours(2).minusNanos(1));
        assertThat(before.isOverdue(due)).isFalse();
        assertThat(before.today()).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(after.isOverdue(due)).isTrue();
        assertThat(after.timeLeft(due)).isNegative();
    }
}
