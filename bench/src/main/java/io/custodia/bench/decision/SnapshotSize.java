package io.custodia.bench.decision;

import io.custodia.core.change.ConsentChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.ConsentState.Status;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.PolicyDocument;
import io.custodia.core.decision.Question;
import io.custodia.core.decision.Snapshot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Size of a snapshot and time to write and read it, for the synthetic population of the decision benchmarks
 * ({@link Population}: 16 purposes, a state for every purpose a customer answered). A plain program, run once per
 * figure; the first read warms the JIT compiler up, the later ones are reported.
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar io.custodia.bench.decision.SnapshotSize 1000000 [reads]
 * </pre>
 */
public final class SnapshotSize {

    private SnapshotSize() {}

    public static void main(String[] arguments) throws IOException {
        int customers = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 1_000_000;
        int reads = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 3;
        Path file = Files.createTempFile("custodia-snapshot", ".bin");
        try {
            long started = System.nanoTime();
            long states = write(file, customers);
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            long size = Files.size(file);
            System.out.printf(
                    Locale.ROOT,
                    "customers=%d states=%d size=%.1f MB (%.1f bytes per customer) written in %.2f s%n",
                    customers,
                    states,
                    size / 1e6,
                    (double) size / customers,
                    writeSeconds);
            for (int read = 1; read <= reads; read++) {
                Runtime runtime = Runtime.getRuntime();
                System.gc();
                long heapBefore = runtime.totalMemory() - runtime.freeMemory();
                long readStarted = System.nanoTime();
                Snapshot.Loaded loaded;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    loaded = Snapshot.read(in);
                }
                double readSeconds = (System.nanoTime() - readStarted) / 1e9;
                check(loaded.engine(), customers);
                System.gc();
                long heapAfter = runtime.totalMemory() - runtime.freeMemory();
                System.out.printf(
                        Locale.ROOT,
                        "read %d: %.2f s (%.0f customers/s), heap held by the replica %.1f MB%n",
                        read,
                        readSeconds,
                        customers / readSeconds,
                        (heapAfter - heapBefore) / 1e6);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Streams the population into a file as the server would stream it out of its tables. */
    private static long write(Path file, int customers) throws IOException {
        long states = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            Snapshot.Writer writer =
                    Snapshot.writer(out, Population.ENTITY, 1_000_000_000L, PolicyDocument.of(Population.policy()));
            Instant since = Instant.ofEpochSecond(Population.NOW - 86_400);
            List<ConsentChanged> answered = new ArrayList<>(Population.PURPOSES);
            for (int subject = 0; subject < customers; subject++) {
                UUID id = Population.id(subject);
                answered.clear();
                for (int purpose = 0; purpose < Population.PURPOSES; purpose++) {
                    Status status = Population.status(subject, purpose);
                    if (status != Status.NONE) {
                        answered.add(new ConsentChanged(
                                id,
                                Population.ENTITY,
                                Population.purpose(purpose).value(),
                                status.name().toLowerCase(Locale.ROOT),
                                since,
                                Population.expiresAt(subject, purpose)));
                    }
                }
                states += answered.size();
                writer.subject(
                        id,
                        Population.erased(subject),
                        Population.restricted(subject),
                        AgeBand.UNKNOWN,
                        false,
                        answered);
            }
            writer.finish();
        }
        return states;
    }

    /** Spot checks that the loaded replica decides as the population's rules say. */
    private static void check(Engine engine, int customers) {
        Question[] questions = Population.questions();
        for (int subject = 0; subject < customers; subject += 9_973) {
            for (int purpose = 0; purpose < Population.PURPOSES; purpose++) {
                boolean allowed = engine.decide(questions[purpose], Population.id(subject), Population.NOW)
                        .allowed();
                if (allowed != Population.allowed(subject, purpose)) {
                    throw new IllegalStateException("customer " + subject + " purpose " + purpose + " decided wrongly");
                }
            }
        }
    }
}
