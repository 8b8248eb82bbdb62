package io.custodia.bench.propagation;

import io.custodia.client.CustodiaClient;
import io.custodia.client.ReplicaListener;
import io.custodia.core.change.Change;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Question;
import io.custodia.core.taxonomy.TermKey;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replica side of the propagation benchmark, started by {@link PropagationBenchmark} in a JVM of its own: a
 * {@link CustodiaClient} following one entity's feed, which reports on standard output, one line each,
 *
 * <ul>
 *   <li>{@code READY <position>} once its snapshot is loaded;
 *   <li>{@code G <subject>} the first time a customer's grant of the purpose is applied;
 *   <li>{@code W <subject> <nanoTime> <effect> <reason>} when a withdrawal of the purpose is applied, with the time
 *       ({@link System#nanoTime()}) right after the replica answered a decision about it.
 * </ul>
 *
 * <p>It exits when its standard input closes.
 */
public final class ReplicaProcess {

    private ReplicaProcess() {}

    public static void main(String[] arguments) throws IOException, InterruptedException {
        String url = arguments[0];
        String token = arguments[1];
        String entity = arguments[2];
        String purpose = arguments[3];
        Question question = Question.of(TermKey.of(purpose));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        AtomicReference<CustodiaClient> holder = new AtomicReference<>();
        Set<UUID> granted = new HashSet<>();
        ReplicaListener listener = new ReplicaListener() {
            @Override
            public void applied(long position, Change change) {
                if (!(change instanceof ConsentChanged consent)
                        || !consent.purpose().equals(purpose)) {
                    return;
                }
                if (consent.status().equals("granted") && granted.add(consent.subjectId())) {
                    out.println("G " + consent.subjectId());
                    out.flush();
                } else if (consent.status().equals("withdrawn")) {
                    CustodiaClient client = holder.get();
                    if (client == null) {
                        return;
                    }
                    Decision decision = client.decide(consent.subjectId(), question);
                    long at = System.nanoTime();
                    String reason = decision instanceof Decision.Deny deny
                            ? deny.reason().name()
                            : "-";
                    out.println("W " + consent.subjectId() + " " + at + " " + (decision.allowed() ? "ALLOW" : "DENY")
                            + " " + reason);
                    out.flush();
                }
            }

            @Override
            public void disconnected(Exception cause) {
                System.err.println("replica: " + cause.getMessage());
            }
        };
        try (CustodiaClient client = CustodiaClient.builder()
                .baseUrl(url)
                .token(token)
                .entity(entity)
                .listener(listener)
                .build()) {
            holder.set(client);
            if (!client.awaitReady(Duration.ofMinutes(10))) {
                System.err.println("replica: no snapshot after 10 minutes");
                System.exit(2);
            }
            out.println("READY " + client.appliedPosition());
            out.flush();
            while (System.in.read() != -1) {
                // Runs until the driver closes our standard input.
            }
        }
    }
}
