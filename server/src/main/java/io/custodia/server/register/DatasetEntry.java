package io.custodia.server.register;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A dataset of an entity: where personal data sits (metadata only; connecting to it comes later).
 *
 * @param system the key of the system holding it
 * @param dataCategories taxonomy keys of the data it holds
 * @param retentionNote how long it is kept, in words
 */
public record DatasetEntry(
        String entity,
        String key,
        String name,
        @Nullable String system,
        List<String> dataCategories,
        @Nullable String retentionNote) {

    public DatasetEntry {
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
    }
}
