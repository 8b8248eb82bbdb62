package io.custodia.server.connectors;

import java.util.List;
import java.util.Map;

/** The rows found in one collection of a dataset, in read order; each row maps a field name to its value. */
public record CollectionRecords(String dataset, String collection, List<Map<String, FieldValue>> rows) {
    public CollectionRecords {
        rows = List.copyOf(rows);
    }
}
