package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import java.time.Period;

/**
 * How long a jurisdiction gives to answer a data-subject request: a period counted from the day of receipt, and
 * the further period it may be extended by.
 *
 * <p>Periods are calendar periods ({@code P1M}, {@code P30D}), not durations: a month is the same date in the next
 * month, whatever its length. {@link LegalClock} turns them into dates.
 *
 * @param period the period to answer in; positive
 * @param extension the further period allowed when a request is complex; {@link Period#ZERO} when the law allows
 *     none
 */
public record RequestDeadlineRule(Period period, Period extension) {

    public RequestDeadlineRule {
        if (period.isZero() || hasNegativePart(period)) {
            throw InvalidInputException.of(
                    "request_deadline.period", "the period to answer a request must be positive, got " + period);
        }
        if (hasNegativePart(extension)) {
            throw InvalidInputException.of(
                    "request_deadline.extension", "the extension must not be negative, got " + extension);
        }
    }

    /** Whether the law allows extending the deadline at all. */
    public boolean extendable() {
        return !extension.isZero();
    }

    /** The whole period when extended: the period plus the extension, both counted from the day of receipt. */
    public Period extendedPeriod() {
        return period.plus(extension);
    }

    static boolean hasNegativePart(Period period) {
        return period.getYears() < 0 || period.getMonths() < 0 || period.getDays() < 0;
    }
}
