package io.custodia.server.connectors;

import org.jspecify.annotations.Nullable;

/**
 * Outcome of one step in one system.
 *
 * @param records what a collect step found (null for other steps and for pending ones)
 * @param rowsChanged rows deleted or updated by an erase or rectify step; 0 when nothing needed to change
 * @param detail a short note for the request's history, never personal data
 */
public record StepOutcome(
        StepStatus status,
        @Nullable CollectedRecords records,
        long rowsChanged,
        @Nullable String detail) {

    static StepOutcome done(@Nullable CollectedRecords records, long rowsChanged, @Nullable String detail) {
        return new StepOutcome(StepStatus.DONE, records, rowsChanged, detail);
    }

    static StepOutcome pending(@Nullable String detail) {
        return new StepOutcome(StepStatus.PENDING, null, 0, detail);
    }
}
