package io.custodia.client;

import io.custodia.core.InvalidInputException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: exponential back-off with jitter. The ceiling doubles from {@code
 * initial} with each failed attempt, up to {@code max}; the wait is drawn between half the ceiling and the ceiling
 * ("equal jitter"), so that clients that failed together do not come back together, and none comes back at once.
 *
 * <p>Immutable and thread-safe when the random generator is.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero()) {
            throw InvalidInputException.of("initial", "a back-off starts above zero, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw InvalidInputException.of("max", "the longest wait " + max + " is shorter than the first " + initial);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /**
     * The wait before attempt {@code failures + 1}.
     *
     * @param failures how many attempts failed in a row, from 1
     */
    Duration delay(int failures) {
        if (failures < 1) {
            throw InvalidInputException.of("failures", "counts from 1, got " + failures);
        }
        long ceiling = initialNanos;
        for (int doubling = 1; doubling < failures && ceiling < maxNanos; doubling++) {
            ceiling = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }
}
