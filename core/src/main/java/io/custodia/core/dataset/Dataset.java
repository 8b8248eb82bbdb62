package io.custodia.core.dataset;

import java.util.List;
import java.util.Optional;

/**
 * A description of one real store of the company: its collections, their fields, what data each holds, which
 * fields identify a person, how the collections link, and how each field is erased.
 *
 * @param key the dataset's unique key, e.g. {@code telecom_shop}
 * @param name a name for people
 * @param description what the store is, empty when not said
 * @param collections its collections, in the order declared
 */
public record Dataset(String key, String name, String description, List<DatasetCollection> collections) {

    public Dataset {
        collections = List.copyOf(collections);
    }

    /** The collection of that name. */
    public Optional<DatasetCollection> collection(String collectionName) {
        return collections.stream()
                .filter(collection -> collection.name().equals(collectionName))
                .findFirst();
    }

    /** The address of one of its collections. */
    public CollectionAddress address(DatasetCollection collection) {
        return new CollectionAddress(key, collection.name());
    }
}
