package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How soon a law wants one breach notice: within a fixed duration, without undue delay, immediately, or not at all.
 *
 * <p>Only {@link Within} yields an instant; the other forms are obligations a person must judge, and giving them a
 * made-up instant would hide that.
 */
public sealed interface NotificationDeadline
        permits NotificationDeadline.Within,
                NotificationDeadline.WithoutUndueDelay,
                NotificationDeadline.Immediately,
                NotificationDeadline.NotRequired {

    /**
     * The instant by which the notice is due for a breach the organisation became aware of at {@code awareness}, or
     * empty when the deadline is not a fixed duration.
     */
    Optional<Instant> dueAfter(Instant awareness);

    /**
     * A notice due a fixed, positive duration after awareness. The duration is elapsed time: 72 hours stay 72 hours
     * across a daylight-saving change.
     */
    record Within(Duration duration) implements NotificationDeadline {
        public Within {
            if (duration.isNegative() || duration.isZero()) {
                throw InvalidInputException.of(
                        "duration", "a breach notice deadline must be positive, got " + duration);
            }
        }

        @Override
        public Optional<Instant> dueAfter(Instant awareness) {
            return Optional.of(awareness.plus(duration));
        }
    }

    /** A notice due without undue delay: as soon as the facts allow, with no fixed number of hours. */
    record WithoutUndueDelay() implements NotificationDeadline {
        @Override
        public Optional<Instant> dueAfter(Instant awareness) {
            return Optional.empty();
        }
    }

    /** A notice due immediately, which is stricter than without undue delay (Nigeria's NDPA s. 40(3)). */
    record Immediately() implements NotificationDeadline {
        @Override
        public Optional<Instant> dueAfter(Instant awareness) {
            return Optional.empty();
        }
    }

    /** No notice is required by the law in force. */
    record NotRequired() implements NotificationDeadline {
        @Override
        public Optional<Instant> dueAfter(Instant awareness) {
            return Optional.empty();
        }
    }
}
