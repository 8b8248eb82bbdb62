package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A working-days calendar: the weekend days, the public holidays on the same date every year, and dated holidays
 * that move from year to year (Easter Monday, Eid).
 *
 * <p>A holiday missing from the calendar can only make a deadline earlier, never later, so an incomplete calendar
 * is safe; a wrong one is not. Movable holidays are known only for the years listed.
 *
 * @param weekend the days of the week nobody works; at most six
 * @param fixedHolidays holidays on the same month and day every year
 * @param movableHolidays holidays on a given date
 */
public record HolidayCalendar(Set<DayOfWeek> weekend, Set<MonthDay> fixedHolidays, Set<LocalDate> movableHolidays) {

    /**
     * A cap well above any real calendar (about a dozen fixed holidays). Any cap below 366 keeps the searches for a
     * working day finite: a month-day that is not a holiday falls on every day of the week over the years.
     */
    static final int MAX_FIXED_HOLIDAYS = 60;

    public HolidayCalendar {
        weekend = Collections.unmodifiableSet(enumSet(weekend));
        fixedHolidays = Collections.unmodifiableSortedSet(new TreeSet<>(fixedHolidays));
        movableHolidays = Collections.unmodifiableSortedSet(new TreeSet<>(movableHolidays));
        if (weekend.size() >= DayOfWeek.values().length) {
            throw InvalidInputException.of("calendar.weekend", "a week needs at least one working day");
        }
        if (fixedHolidays.size() > MAX_FIXED_HOLIDAYS) {
            throw InvalidInputException.of(
                    "calendar.fixed_holidays", "at most " + MAX_FIXED_HOLIDAYS + " fixed holidays are allowed");
        }
    }

    /** Whether the date is a public holiday, fixed or movable. Weekend days are not holidays unless listed. */
    public boolean isHoliday(LocalDate date) {
        return movableHolidays.contains(date) || fixedHolidays.contains(MonthDay.from(date));
    }

    /** Whether the date is neither a weekend day nor a holiday. */
    public boolean isWorkingDay(LocalDate date) {
        return !weekend.contains(date.getDayOfWeek()) && !isHoliday(date);
    }

    /** The first working day strictly after the date. */
    public LocalDate nextWorkingDay(LocalDate date) {
        LocalDate candidate = date.plusDays(1);
        while (!isWorkingDay(candidate)) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }

    /**
     * The working day {@code workingDays} working days after the date (before it when negative). The date itself is
     * not counted, so Friday plus one is the next Monday when the weekend is Saturday and Sunday; zero returns the
     * date unchanged, working day or not.
     */
    public LocalDate addWorkingDays(LocalDate date, int workingDays) {
        int step = workingDays < 0 ? -1 : 1;
        LocalDate current = date;
        for (int remaining = Math.abs(workingDays); remaining > 0; ) {
            current = current.plusDays(step);
            if (isWorkingDay(current)) {
                remaining--;
            }
        }
        return current;
    }

    /** The date itself when it is a working day, otherwise the next working day. */
    LocalDate workingDayOnOrAfter(LocalDate date) {
        return isWorkingDay(date) ? date : nextWorkingDay(date);
    }

    private static EnumSet<DayOfWeek> enumSet(Collection<DayOfWeek> days) {
        EnumSet<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        set.addAll(days);
        return set;
    }
}
