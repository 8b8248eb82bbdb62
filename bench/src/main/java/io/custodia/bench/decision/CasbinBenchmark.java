package io.custodia.bench.decision;

import io.custodia.core.decision.Decision;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine and its Casbin peer on the same requests over the same customers, one thread each. Casbin keeps every
 * customer's roles as objects, so the population is smaller than the engine's own benchmark (100,000 customers by
 * default); the engine is measured here on that same population.
 */
// JMH fills the fields in @Setup methods, which NullAway does not know as initialisers.
@NullUnmarked
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class CasbinBenchmark {
    private static final int REQUESTS = 1 << 20;

    @Param("100000")
    int subjects;

    Engine engine;
    CasbinPeer casbin;
    Question[] questions;
    int[] requestSubjects;
    int[] requestPurposes;
    int next;

    @Setup(Level.Trial)
    public void fill() {
        engine = Population.engine(subjects);
        casbin = CasbinPeer.of(subjects);
        questions = Population.questions();
        SplittableRandom random = new SplittableRandom(11);
        requestSubjects = new int[REQUESTS];
        requestPurposes = new int[REQUESTS];
        for (int request = 0; request < REQUESTS; request++) {
            requestSubjects[request] = random.nextInt(subjects);
            requestPurposes[request] = random.nextInt(Population.PURPOSES);
        }
    }

    @Benchmark
    public Decision custodiaEngine() {
        int at = next++ & (REQUESTS - 1);
        return engine.decide(questions[requestPurposes[at]], requestSubjects[at], Population.NOW);
    }

    @Benchmark
    public boolean jcasbin() {
        int at = next++ & (REQUESTS - 1);
        return casbin.allowed(requestSubjects[at], requestPurposes[at]);
    }
}
