package io.custodia.bench.decision;

import io.custodia.core.decision.ConsentIndex;
import io.custodia.core.decision.Engine;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Fills an engine with N customers × 16 purposes and reports the heap its consent index takes three ways: the index's
 * own arithmetic over its arrays, JOL's walk of the object graph, and the used heap after a full GC, before and after.
 *
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar io.custodia.bench.decision.HeapPerSubject 10000000
 * </pre>
 */
public final class HeapPerSubject {
    private HeapPerSubject() {}

    public static void main(String[] arguments) {
        int subjects = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 10_000_000;
        long before = usedAfterGc();
        long started = System.nanoTime();
        Engine engine = Population.engine(subjects);
        long filled = System.nanoTime() - started;
        long after = usedAfterGc();
        ConsentIndex index = engine.index();
        ConsentIndex.Footprint footprint = index.footprint();
        long graph = GraphLayout.parseInstance(index).totalSize();
        System.out.printf(
                Locale.ROOT,
                "customers %,d, purposes %d, filled in %.1f s%n"
                        + "index arithmetic: state %.2f B/customer, overflow %.2f B/customer (%,d entries),"
                        + " granted bitmaps %.2f B/customer -> decisions %.2f B/customer%n"
                        + "                  ids %.2f B/customer, id table %.2f B/customer -> lookup by id adds %.2f"
                        + " B/customer%n"
                        + "JOL graph of the index: %.2f B/customer%n"
                        + "used heap after GC, delta: %.2f B/customer (includes the policy and the JIT's noise)%n",
                footprint.subjects(),
                footprint.purposes(),
                filled / 1e9,
                per(footprint.stateBytes(), subjects),
                per(footprint.overflowBytes(), subjects),
                footprint.overflowEntries(),
                per(footprint.grantedBitmapBytes(), subjects),
                footprint.decisionBytesPerSubject(),
                per(footprint.idBytes(), subjects),
                per(footprint.directoryBytes(), subjects),
                footprint.directoryBytesPerSubject(),
                per(graph, subjects),
                per(after - before, subjects));
        if (engine.index().size() != subjects) {
            throw new IllegalStateException("the index holds " + engine.index().size() + " customers");
        }
    }

    private static double per(long bytes, int subjects) {
        return (double) bytes / subjects;
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int round = 0; round < 3; round++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
