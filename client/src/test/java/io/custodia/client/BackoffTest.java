package io.custodia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(7));

    @Test
    void eachWait_liesBetweenHalfTheCeilingAndTheCeiling_whichDoublesUpToTheMaximum() {
        long ceiling = 100;
        for (int failures = 1; failures <= 12; failures++) {
            for (int draw = 0; draw < 200; draw++) {
                long wait = backoff.delay(failures).toMillis();
                assertThat(wait).as("after %d failures", failures).isBetween(ceiling / 2, ceiling);
            }
            ceiling = Math.min(ceiling * 2, 5_000);
        }
    }

    @Test
    void waits_areSpread_soThatClientsThatFailedTogetherDoNotReturnTogether() {
        Set<Duration> waits = new HashSet<>();
        for (int draw = 0; draw < 50; draw++) {
            waits.add(backoff.delay(4));
        }
        assertThat(waits).hasSizeGreaterThan(40);
    }

    @Test
    void aLongRunOfFailures_staysAtTheMaximum() {
        assertThat(backoff.delay(Integer.MAX_VALUE)).isBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5));
    }

    @Test
    void nonsense_isRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(InvalidInputException.class);
    }
}
