package io.custodia.bench.decision;

import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.RoaringBitmap;

/**
 * Audiences over the whole population: every customer who may be used for one purpose now, for a purpose on consent
 * (the customers with a grant, filtered) and one on legitimate interest (every customer, filtered), and among an
 * explicit list of a million customers.
 */
// JMH fills the fields in @Setup methods, which NullAway does not know as initialisers.
@NullUnmarked
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class AudienceBenchmark {
    @Param("10000000")
    int subjects;

    Engine engine;
    Question consentPurpose;
    Question legitimateInterestPurpose;
    RoaringBitmap millionCustomers;

    @Setup(Level.Trial)
    public void fill() {
        engine = Population.engine(subjects);
        Question[] questions = Population.questions();
        consentPurpose = questions[0];
        legitimateInterestPurpose = questions[Population.CONSENT_PURPOSES];
        millionCustomers = new RoaringBitmap();
        SplittableRandom random = new SplittableRandom(7);
        while (millionCustomers.getCardinality() < Math.min(1_000_000, subjects / 2)) {
            millionCustomers.add(random.nextInt(subjects));
        }
    }

    @Benchmark
    public RoaringBitmap consentPurpose_allCustomers() {
        return engine.audience(consentPurpose, Population.NOW);
    }

    @Benchmark
    public RoaringBitmap legitimateInterestPurpose_allCustomers() {
        return engine.audience(legitimateInterestPurpose, Population.NOW);
    }

    @Benchmark
    public RoaringBitmap consentPurpose_millionListed() {
        return engine.audience(consentPurpose, millionCustomers, Population.NOW);
    }
}
