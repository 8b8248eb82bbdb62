package io.custodia.core.dataset;

import java.util.List;
import java.util.Set;

/**
 * The steps that find and erase the records of one person across the registered datasets, from the kinds of
 * identifier a request carries. Made by {@link DatasetGraph#plan}.
 *
 * @param identities the identifier schemes the plan starts from
 * @param reads every reachable collection once, in an order where each step's lookups use only the request's
 *     identifiers and earlier steps
 * @param erasures what an erasure does, children before parents; collections with nothing to erase or keep (no
 *     personal data) are left out
 * @param unreachable the collections no identity field and no reference reaches from these identities
 * @param notFollowed flows between reachable collections that one pass in read order cannot use because they go
 *     back to an earlier step (references in a cycle); the rows they alone find are found by repeated passes (see
 *     {@link ReadStep#laterLookups()})
 * @param orderConflicts parent and child pairs that the erasure order deletes parent first, because they reference
 *     each other; a foreign key between them must be deferrable or nullable
 */
public record TraversalPlan(
        Set<IdentityScheme> identities,
        List<ReadStep> reads,
        List<EraseStep> erasures,
        List<CollectionAddress> unreachable,
        List<ValueFlow> notFollowed,
        List<OrderConflict> orderConflicts) {

    public TraversalPlan {
        identities = Set.copyOf(identities);
        reads = List.copyOf(reads);
        erasures = List.copyOf(erasures);
        unreachable = List.copyOf(unreachable);
        notFollowed = List.copyOf(notFollowed);
        orderConflicts = List.copyOf(orderConflicts);
    }

    /**
     * A parent erased before its child, against the rule.
     *
     * @param parent the collection whose rows the child's rows point at
     * @param child the collection whose rows point at the parent's
     */
    public record OrderConflict(CollectionAddress parent, CollectionAddress child) {}
}
