package io.custodia.core.jurisdiction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The legal deadlines of one entity under one jurisdiction pack: when a data-subject request must be answered and
 * when each breach notice is due.
 *
 * <p>Instants are UTC; calendar dates are counted in the entity's time zone, which may differ from the zone the
 * pack suggests, against the pack's working-days calendar. Immutable and thread-safe; "now" comes only from the
 * injected {@link Clock}.
 */
public final class LegalClock {

    /*
     * How a request deadline is counted.
     *
     * The GDPR gives "one month of receipt" (Art. 12(3)) without saying how to count it. Custodia follows the UK
     * ICO's published practice, which is simple to explain and never later than a stricter reading:
     *
     * 1. The receipt instant is turned into a calendar date in the entity's zone. A request received at 23:30 UTC
     *    on 31 December is received on 1 January in Nairobi (UTC+3): the date the entity saw it, not the server's.
     * 2. The day of receipt is day 1, whether or not it is a working day, and the deadline is the same date in the
     *    next month: LocalDate.plus(P1M). When that date does not exist the last day of the month is used (31
     *    January gives 28 or 29 February), which java.time's month arithmetic already does.
     * 3. If that date is not a working day in the pack's calendar, the deadline is the next working day.
     *
     * Day-based periods (P30D) are counted the same way, receipt date plus the period, so that P1M and P31D agree
     * for a request received on 1 January. A law that counts "30 days" with the receipt day as the first of the 30
     * should be given P29D in its pack. An extension adds its period to the base one, both counted from receipt:
     * one month plus two further months is receipt plus P3M, so 31 January gives 30 April, not 28 April.
     *
     * Breach deadlines are elapsed time, not dates: "72 hours" is Instant.plus(72 hours), unaffected by a
     * daylight-saving change, and not moved by weekends or holidays.
     */

    private final JurisdictionPack pack;
    private final ZoneId zone;
    private final Clock clock;

    /**
     * A clock for an entity in {@code zone} under {@code pack}.
     *
     * @param clock where "now" comes from; only its instant is used, never its zone
     */
    public LegalClock(JurisdictionPack pack, ZoneId zone, Clock clock) {
        this.pack = pack;
        this.zone = zone;
        this.clock = clock;
    }

    /** A clock that counts dates in the zone the pack suggests. */
    public static LegalClock inPackZone(JurisdictionPack pack, Clock clock) {
        return new LegalClock(pack, pack.zone(), clock);
    }

    public JurisdictionPack pack() {
        return pack;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The calendar date, in the entity's zone, on which something received at this instant was received. */
    public LocalDate receiptDate(Instant receivedAt) {
        return LocalDate.ofInstant(receivedAt, zone);
    }

    /** The date by which a data-subject request received at this instant must be answered. */
    public DueDate requestDueDate(Instant receivedAt) {
        return dueDate(receivedAt, pack.requestDeadline().period());
    }

    /**
     * The date by which a request received at this instant must be answered when the deadline is extended as far as
     * the pack allows; the same as {@link #requestDueDate} when the law allows no extension.
     */
    public DueDate extendedRequestDueDate(Instant receivedAt) {
        return dueDate(receivedAt, pack.requestDeadline().extendedPeriod());
    }

    /**
     * The instant a breach notice is due, for a breach the organisation became aware of at {@code awareness}; empty
     * when the pack's deadline for that notice is not a fixed duration (see {@link NotificationDeadline}).
     */
    public Optional<Instant> breachNoticeDue(BreachNotice notice, Instant awareness) {
        return pack.breach().deadlineFor(notice).dueAfter(awareness);
    }

    /** Today's date in the entity's zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The time left until the end of the due date; negative once it has passed. */
    public Duration timeLeft(DueDate due) {
        return timeLeft(due.endOfDay());
    }

    /** The time left until the deadline; negative once it has passed. */
    public Duration timeLeft(Instant deadline) {
        return Duration.between(clock.instant(), deadline);
    }

    /** Whether the due date has passed now. */
    public boolean isOverdue(DueDate due) {
        return due.isPassedAt(clock.instant());
    }

    private DueDate dueDate(Instant receivedAt, Period period) {
        LocalDate nominal = receiptDate(receivedAt).plus(period);
        return new DueDate(pack.calendar().workingDayOnOrAfter(nominal), zone);
    }
}
