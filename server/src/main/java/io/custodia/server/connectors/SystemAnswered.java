package io.custodia.server.connectors;

import org.jspecify.annotations.Nullable;

/**
 * Event: an HTTP system answered a step it had accepted as pending, on
 * {@code POST /api/v1/connections/{key}/callbacks/{requestId}}.
 *
 * @param system the connection's key
 * @param step the step the system answers: {@code collect}, {@code erase}, {@code rectify} or {@code restrict}
 * @param records what the system found, for a collect step
 * @param detail the system's note, if any
 */
public record SystemAnswered(
        String entity,
        String system,
        String requestId,
        String step,
        @Nullable CollectedRecords records,
        @Nullable String detail) {}
