package io.custodia.server.connectors;

import java.util.List;

/** Records found in one system, by collection; each field carries its data categories. */
public record CollectedRecords(String system, List<CollectionRecords> collections) {
    public CollectedRecords {
        collections = List.copyOf(collections);
    }
}
