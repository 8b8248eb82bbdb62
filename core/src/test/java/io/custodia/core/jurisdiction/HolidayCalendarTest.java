package io.custodia.core.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HolidayCalendarTest {

    // Saturday-Sunday weekend, Christmas every year, and Easter Monday 2026 (6 April).
    private static final HolidayCalendar CALENDAR = new HolidayCalendar(
            EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
            Set.of(MonthDay.of(12, 25)),
            Set.of(LocalDate.of(2026, 4, 6)));

    private static final LocalDate FRIDAY_3_APRIL_2026 = LocalDate.of(2026, 4, 3);

    @Test
    void weekendsAndHolidays_areNotWorkingDays() {
        assertThat(CALENDAR.isWorkingDay(FRIDAY_3_APRIL_2026)).isTrue();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 4, 4))).isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 4, 6))).isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2030, 12, 25))).isFalse();
        assertThat(CALENDAR.isHoliday(LocalDate.of(2026, 4, 4)))
                .as("a weekend day is not a holiday")
                .isFalse();
        assertThat(CALENDAR.isHoliday(LocalDate.of(2027, 4, 6)))
                .as("movable holidays do not repeat")
                .isFalse();
    }

    @Test
    void nextWorkingDay_isStrictlyAfter_andSkipsWeekendAndHoliday() {
        assertThat(CALENDAR.nextWorkingDay(FRIDAY_3_APRIL_2026)).isEqualTo(LocalDate.of(2026, 4, 7));
        assertThat(CALENDAR.nextWorkingDay(LocalDate.of(2026, 4, 7))).isEqualTo(LocalDate.of(2026, 4, 8));
    }

    @Test
    void addWorkingDays_countsOnlyWorkingDays_andZeroKeepsTheDate() {
        assertThat(CALENDAR.addWorkingDays(FRIDAY_3_APRIL_2026, 1)).isEqualTo(LocalDate.of(2026, 4, 7));
        assertThat(CALENDAR.addWorkingDays(FRIDAY_3_APRIL_2026, 5)).isEqualTo(LocalDate.of(2026, 4, 13));
        assertThat(CALENDAR.addWorkingDays(LocalDate.of(2026, 4, 7), -1)).isEqualTo(FRIDAY_3_APRIL_2026);
        assertThat(CALENDAR.addWorkingDays(LocalDate.of(2026, 4, 4), 0)).isEqualTo(LocalDate.of(2026, 4, 4));
    }

    @Test
    void aWeekWithoutWorkingDays_isRejected() {
        assertThatThrownBy(() -> new HolidayCalendar(EnumSet.allOf(DayOfWeek.class), Set.of(), Set.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least one working day");
    }
}
