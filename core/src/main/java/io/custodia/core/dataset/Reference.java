package io.custodia.core.dataset;

import org.jspecify.annotations.Nullable;

/**
 * A link from a field to a field of another collection whose values it shares, like an SQL foreign key but across
 * any stores and not enforced.
 *
 * @param dataset the key of the other collection's dataset; null for the dataset that holds the reference
 * @param collection the other collection
 * @param field the other field; a dotted name for a nested field
 * @param direction which way a traversal may follow the link
 */
public record Reference(@Nullable String dataset, String collection, String field, Direction direction) {

    /**
     * Which way values flow along a reference, in fideslang's words (seen from the field that holds the reference).
     */
    public enum Direction {
        /** The referenced field's values find rows of this field's collection. */
        FROM,
        /** This field's values find rows of the referenced collection. */
        TO,
        /** Either way, whichever reaches the collection first. */
        BOTH;

        /** The key as written in files: {@code from}, {@code to}, or absent for both. */
        public String key() {
            return this == FROM ? "from" : this == TO ? "to" : "both";
        }
    }

    /** The address of the referenced collection, {@code holder} being the dataset that holds the reference. */
    public CollectionAddress target(String holder) {
        return new CollectionAddress(dataset == null ? holder : dataset, collection);
    }
}
