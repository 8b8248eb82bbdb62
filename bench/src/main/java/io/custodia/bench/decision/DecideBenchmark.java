package io.custodia.bench.decision;

import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import java.util.SplittableRandom;
import java.util.UUID;
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
 * In-process decisions over the whole population (10,000,000 customers × 16 purposes by default): random customer,
 * random purpose, on one and two threads. Run with {@code -prof gc} to see the bytes allocated per decision.
 */
// JMH fills the fields in @Setup methods, which NullAway does not know as initialisers.
@NullUnmarked
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class DecideBenchmark {
    private static final int REQUESTS = 1 << 20;

    @Param("10000000")
    int subjects;

    Engine engine;
    Question[] questions;

    @Setup(Level.Trial)
    public void fill() {
        engine = Population.engine(subjects);
        questions = Population.questions();
    }

    /** Each thread's own stream of requests, drawn in advance so that drawing is not measured. */
    @State(Scope.Thread)
    public static class Requests {
        int[] subjects;
        int[] purposes;
        UUID[] ids;
        int next;

        @Setup(Level.Trial)
        public void draw(DecideBenchmark benchmark) {
            SplittableRandom random =
                    new SplittableRandom(Thread.currentThread().getId());
            subjects = new int[REQUESTS];
            purposes = new int[REQUESTS];
            ids = new UUID[REQUESTS];
            for (int request = 0; request < REQUESTS; request++) {
                subjects[request] = random.nextInt(benchmark.subjects);
                purposes[request] = random.nextInt(Population.PURPOSES);
                ids[request] = Population.id(subjects[request]);
            }
        }
    }

    @Benchmark
    @Threads(1)
    public Decision decide_oneThread(Requests requests) {
        return decide(requests);
    }

    @Benchmark
    @Threads(2)
    public Decision decide_twoThreads(Requests requests) {
        return decide(requests);
    }

    /** By customer id rather than ordinal: adds the id directory's lookup. */
    @Benchmark
    @Threads(1)
    public Decision decideById_oneThread(Requests requests) {
        int at = requests.next++ & (REQUESTS - 1);
        return engine.decide(questions[requests.purposes[at]], requests.ids[at], Population.NOW);
    }

    private Decision decide(Requests requests) {
        int at = requests.next++ & (REQUESTS - 1);
        return engine.decide(questions[requests.purposes[at]], requests.subjects[at], Population.NOW);
    }
}
