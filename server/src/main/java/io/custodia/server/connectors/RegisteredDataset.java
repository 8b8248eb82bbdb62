package io.custodia.server.connectors;

import java.time.Instant;
import java.util.List;

/**
 * The dataset of a connection as stored: the Custodia dataset file it was registered as, and what was counted and
 * found then.
 *
 * @param sourceFormat {@code custodia} or {@code fideslang}, the format it was sent in
 * @param document the Custodia dataset file (a fideslang file is kept converted)
 * @param warnings the warnings found at registration, as {@code place: message} lines
 */
record RegisteredDataset(
        long connectionId,
        String entity,
        String connectionKey,
        String datasetKey,
        String sourceFormat,
        String document,
        int collections,
        int fields,
        List<String> warnings,
        Instant registeredAt) {

    RegisteredDataset {
        warnings = List.copyOf(warnings);
    }
}
