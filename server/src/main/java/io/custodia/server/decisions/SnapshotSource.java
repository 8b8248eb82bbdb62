package io.custodia.server.decisions;

import io.custodia.core.NotFoundException;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.decision.Policy;
import io.custodia.core.decision.PolicyDocument;
import io.custodia.core.decision.Snapshot;
import io.custodia.server.changes.Changes;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.subjects.Subjects;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;

/**
 * Writes snapshots from what PostgreSQL holds: the feed head first, then the policy, every customer's consent states
 * folded from the ledger, and the customers' flags. Everything numbered up to the head was committed before the reads
 * began, so the reads include it; what commits during the reads may be in the snapshot too and comes again on the
 * feed after the head, which a replica applies harmlessly, since every change carries a whole state.
 */
@Component
class SnapshotSource {
    private final Changes changes;
    private final PolicyCompiler compiler;
    private final ConsentLedger ledger;
    private final Subjects subjects;

    SnapshotSource(Changes changes, PolicyCompiler compiler, ConsentLedger ledger, Subjects subjects) {
        this.changes = changes;
        this.compiler = compiler;
        this.ledger = ledger;
        this.subjects = subjects;
    }

    /** A snapshot about to be written: its position and its policy. */
    record Prepared(String entityCode, long position, Policy policy) {}

    /**
     * Fixes the snapshot's position and policy.
     *
     * @throws NotFoundException when there is no such entity
     */
    Prepared prepare(String entityCode) {
        long position = changes.sequenceCommitted();
        Policy policy =
                compiler.compile(entityCode).orElseThrow(() -> new NotFoundException("No entity " + entityCode));
        return new Prepared(entityCode, position, policy);
    }

    /** Writes the snapshot; does not close the stream. */
    void write(Prepared prepared, OutputStream out) throws IOException {
        Snapshot.Writer writer =
                Snapshot.writer(out, prepared.entityCode(), prepared.position(), PolicyDocument.of(prepared.policy()));
        try {
            ledger.currentStates(prepared.entityCode(), states -> {
                try {
                    writer.subject(states.get(0).subjectId(), false, false, AgeBand.UNKNOWN, false, states);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            subjects.currentFlags(prepared.entityCode(), flags -> {
                try {
                    writer.flags(flags);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.finish();
    }
}
