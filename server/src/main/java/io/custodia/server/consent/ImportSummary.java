package io.custodia.server.consent;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a bulk import of consents recorded. A file imported again gets its first import's summary, marked replayed.
 *
 * @param importId the import's id, named by each event it recorded
 * @param entity the entity the file was imported into
 * @param fileSha256 the SHA-256 of the file's bytes, lower-case hex
 * @param format {@code csv} or {@code jsonl}
 * @param lines the lines read, the header and blank lines included
 * @param events the events recorded
 * @param subjectsCreated the customers registered because the file named them first
 * @param firstEventId the first event recorded, in file order
 * @param lastEventId the last event recorded
 * @param importedAt when the import committed
 * @param auditSeq the sequence number of the import's audit entry
 * @param replayed true when this file had been imported before and nothing new was recorded
 */
public record ImportSummary(
        UUID importId,
        String entity,
        String fileSha256,
        String format,
        int lines,
        int events,
        int subjectsCreated,
        @Nullable UUID firstEventId,
        @Nullable UUID lastEventId,
        Instant importedAt,
        long auditSeq,
        boolean replayed) {

    ImportSummary asReplayed() {
        return new ImportSummary(
                importId,
                entity,
                fileSha256,
                format,
                lines,
                events,
                subjectsCreated,
                firstEventId,
                lastEventId,
                importedAt,
                auditSeq,
                true);
    }
}
