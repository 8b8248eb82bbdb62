package io.custodia.bench.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine and the Casbin peer answer the same random requests alike, and both agree with the population's rules
 * written plainly.
 *
 * <p>The build asks 1,000,000 requests over 20,000 customers; more can be asked with {@code
 * -Ddifferential.requests=...} (docs/benchmarks.md).
 */
class CasbinDifferentialTest {
    private static final int SUBJECTS = Integer.getInteger("differential.subjects", 20_000);
    private static final int REQUESTS = Integer.getInteger("differential.requests", 1_000_000);

    @Test
    void engineAndCasbin_answerEveryRequestAlike() {
        Engine engine = Population.engine(SUBJECTS);
        CasbinPeer casbin = CasbinPeer.of(SUBJECTS);
        Question[] questions = Population.questions();
        SplittableRandom random = new SplittableRandom(20261129L);
        int allowed = 0;
        for (int request = 0; request < REQUESTS; request++) {
            int subject = random.nextInt(SUBJECTS);
            int purpose = random.nextInt(Population.PURPOSES);
            Decision decision = engine.decide(questions[purpose], subject, Population.NOW);
            boolean expected = Population.allowed(subject, purpose);
            if (decision.allowed() != expected || casbin.allowed(subject, purpose) != expected) {
                throw new AssertionError("customer " + subject + ", purpose " + purpose + ": engine " + decision
                        + ", casbin " + casbin.allowed(subject, purpose) + ", rules " + expected);
            }
            if (expected) {
                allowed++;
            }
        }
        System.out.printf(
                "%,d requests over %,d customers: the engine, jCasbin and the rules agree (%,d allowed)%n",
                REQUESTS, SUBJECTS, allowed);
        // Both answers occur often, so agreeing is not agreeing on one constant.
        assertThat(allowed).isBetween(REQUESTS / 5, REQUESTS * 4 / 5);
    }
}
