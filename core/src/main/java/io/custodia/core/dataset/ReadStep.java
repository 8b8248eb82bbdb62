package io.custodia.core.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of the read order of a traversal: the rows of one collection whose looked-up fields hold one of the
 * values found so far. A row matches when any lookup matches.
 *
 * @param address the collection's address
 * @param collection the collection, with every field that a read returns
 * @param lookups the ways rows are found in one pass, never empty: identity values of the request first, then values
 *     of earlier steps, in step order
 * @param laterLookups the ways rows are found with values of later steps (references in a cycle), which only a
 *     repeated pass can use; see {@link #repeated()} and {@link FoundRecords#find}
 */
public record ReadStep(
        CollectionAddress address, DatasetCollection collection, List<Lookup> lookups, List<Lookup> laterLookups) {
    public ReadStep {
        lookups = List.copyOf(lookups);
        laterLookups = List.copyOf(laterLookups);
        if (lookups.isEmpty()) {
            throw new IllegalArgumentException("A read step needs a lookup");
        }
    }

    /** A step without lookups from later steps. */
    public ReadStep(CollectionAddress address, DatasetCollection collection, List<Lookup> lookups) {
        this(address, collection, lookups, List.of());
    }

    /** The step as a repeated pass reads it: with its lookups from later steps too. */
    public ReadStep repeated() {
        if (laterLookups.isEmpty()) {
            return this;
        }
        List<Lookup> all = new ArrayList<>(lookups);
        all.addAll(laterLookups);
        return new ReadStep(address, collection, all, List.of());
    }

    @Override
    public String toString() {
        return address + " by " + lookups + (laterLookups.isEmpty() ? "" : " then " + laterLookups);
    }
}
