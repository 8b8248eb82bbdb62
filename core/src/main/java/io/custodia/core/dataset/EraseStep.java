package io.custodia.core.dataset;

import io.custodia.core.dataset.ErasureStrategy.Keep;
import io.custodia.core.dataset.ErasureStrategy.Replacement;
import java.util.List;

/**
 * One step of the erasure order of a traversal: what happens to the rows a read step found in one collection.
 *
 * <p>Steps come children first: a collection whose rows point at another's is erased before it, so that a foreign
 * key never blocks a delete.
 */
public sealed interface EraseStep permits EraseStep.DeleteRows, EraseStep.RewriteFields {

    /** The collection's address. */
    CollectionAddress address();

    /** The collection. */
    DatasetCollection collection();

    /** The rows are deleted. */
    record DeleteRows(CollectionAddress address, DatasetCollection collection) implements EraseStep {
        @Override
        public String toString() {
            return "delete rows of " + address;
        }
    }

    /**
     * The rows stay; some fields are rewritten, some kept for a legal reason, the others left as they are.
     *
     * @param replacements the fields rewritten, in the collection's order; may be empty when every personal field
     *     is kept
     * @param kept the fields kept for a legal reason, for the answer to the person and the proof of the erasure
     */
    record RewriteFields(
            CollectionAddress address,
            DatasetCollection collection,
            List<FieldReplacement> replacements,
            List<KeptField> kept)
            implements EraseStep {
        public RewriteFields {
            replacements = List.copyOf(replacements);
            kept = List.copyOf(kept);
        }

        @Override
        public String toString() {
            return "rewrite " + address + " " + replacements + (kept.isEmpty() ? "" : " keeping " + kept);
        }
    }

    /** A field and the strategy that rewrites it. */
    record FieldReplacement(String field, Replacement strategy) {
        @Override
        public String toString() {
            return field + ": " + strategy.key();
        }
    }

    /** A field kept, and why. */
    record KeptField(String field, Keep keep) {
        @Override
        public String toString() {
            return field + " (" + keep.retention() + ")";
        }
    }
}
