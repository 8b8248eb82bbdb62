package io.custodia.core.jurisdiction;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The date by which something is due, as a calendar date in the zone of the entity that owes it.
 *
 * <p>The obligation is met if it is done at any time on that local date; {@link #endOfDay()} is the last instant
 * that still counts.
 *
 * @param date the due date in {@code zone}
 * @param zone the entity's time zone, in which the date was counted
 */
public record DueDate(LocalDate date, ZoneId zone) {

    /**
     * The last instant of the due date: one nanosecond before the next local day starts, which is 23:59:59.999999999
     * local time on ordinary days. Counting back from the next day's start keeps it right on days that a
     * daylight-saving change makes shorter or longer.
     */
    public Instant endOfDay() {
        return date.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
    }

    /** Whether the due date has passed at the given instant. */
    public boolean isPassedAt(Instant instant) {
        return instant.isAfter(endOfDay());
    }
}
