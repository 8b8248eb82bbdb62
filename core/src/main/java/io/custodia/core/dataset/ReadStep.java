package io.custodia.core.dataset;

import java.util.List;

/**
 * One step of the read order of a traversal: the rows of one collection whose looked-up fields hold one of the
 * values found so far. A row matches when any lookup matches.
 *
 * @param address the collection's address
 * @param collection the collection, with every field that a read returns
 * @param lookups the ways rows are found, never empty: identity values of the request first, then values of earlier
 *     steps, in step order
 */
public record ReadStep(CollectionAddress address, DatasetCollection collection, List<Lookup> lookups) {
    public ReadStep {
        lookups = List.copyOf(lookups);
        if (lookups.isEmpty()) {
            throw new IllegalArgumentException("A read step needs a lookup");
        }
    }

    @Override
    public String toString() {
        return address + " by " + lookups;
    }
}
