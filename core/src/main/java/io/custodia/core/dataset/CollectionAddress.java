package io.custodia.core.dataset;

import java.util.Comparator;

/**
 * A collection named by its dataset's key and its own name, unique among the registered datasets.
 *
 * @param dataset the dataset's key
 * @param collection the collection's name
 */
public record CollectionAddress(String dataset, String collection) implements Comparable<CollectionAddress> {
    private static final Comparator<CollectionAddress> ORDER =
            Comparator.comparing(CollectionAddress::dataset).thenComparing(CollectionAddress::collection);

    @Override
    public int compareTo(CollectionAddress other) {
        return ORDER.compare(this, other);
    }

    /** {@code dataset.collection}, e.g. {@code telecom_shop.orders}. */
    @Override
    public String toString() {
        return dataset + "." + collection;
    }
}
