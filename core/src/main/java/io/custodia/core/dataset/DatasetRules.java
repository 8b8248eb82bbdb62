package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.dataset.DatasetGraph.BrokenReference;
import io.custodia.core.dataset.DatasetGraph.Link;
import io.custodia.core.taxonomy.TermKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks made when datasets are registered, against the datasets already registered and the taxonomy, so that
 * what a request cannot reach is said then, not when a person is waiting for an answer.
 *
 * <p>Findings name their place by address, {@code dataset.collection} or {@code dataset.collection.field}, since
 * they may concern a dataset registered earlier from another file.
 */
public final class DatasetRules {
    private DatasetRules() {}

    /**
     * Checks datasets about to be registered.
     *
     * <p>Errors: a data category that is not in the taxonomy; a reference to a collection or field that a registered
     * dataset does not have. Warnings: a reference to a dataset that is not registered (it is followed once that
     * dataset is); a registered dataset's reference that these datasets no longer satisfy; a collection no identity
     * field and no reference reaches; references in a cycle that one pass of reads cannot follow (a request then reads again); parents and
     * children that reference each other, which erasure cannot order; a field that keeps pointing at rows an erasure
     * deletes, which a foreign key would refuse.
     *
     * @param candidates the datasets being registered; one with the key of a registered dataset replaces it
     * @param registered the datasets registered so far
     * @param knownCategory whether a data-category key is in the taxonomy of the entity the datasets belong to
     */
    public static DatasetFindings check(
            List<Dataset> candidates, List<Dataset> registered, Predicate<TermKey> knownCategory) {
        List<FieldError> errors = new ArrayList<>();
        List<FieldError> warnings = new ArrayList<>();
        Map<String, Dataset> all = new LinkedHashMap<>();
        for (Dataset dataset : registered) {
            all.put(dataset.key(), dataset);
        }
        Set<String> candidateKeys = new HashSet<>();
        for (Dataset dataset : candidates) {
            all.put(dataset.key(), dataset);
            candidateKeys.add(dataset.key());
            checkCategories(dataset, knownCategory, errors);
        }
        DatasetGraph graph = DatasetGraph.of(List.copyOf(all.values()));
        Predicate<CollectionAddress> concerned = address -> candidateKeys.contains(address.dataset());

        for (BrokenReference reference : graph.broken()) {
            String place = reference.holder() + "." + reference.holderField();
            CollectionAddress target =
                    reference.reference().target(reference.holder().dataset());
            if (!concerned.test(reference.holder())) {
                warnings.add(new FieldError(
                        place,
                        "points at " + target + "." + reference.reference().field()
                                + ", which the datasets being registered no longer have; the traversal does not"
                                + " follow it"));
            } else if (reference.unknownDataset()) {
                warnings.add(new FieldError(
                        place,
                        "points at dataset " + target.dataset() + ", which is not registered; the traversal follows"
                                + " the reference once it is"));
            } else {
                Optional<DatasetCollection> collection =
                        Optional.ofNullable(graph.collections().get(target));
                errors.add(new FieldError(
                        place,
                        collection.isEmpty()
                                ? "points at collection " + target + ", which does not exist"
                                : "points at field " + reference.reference().field() + ", which collection " + target
                                        + " does not have"));
            }
        }

        TraversalPlan plan = graph.planForAllIdentities();
        for (CollectionAddress address : plan.unreachable()) {
            if (!concerned.test(address)) {
                continue;
            }
            DatasetCollection collection = graph.collections().get(address);
            boolean personal =
                    collection != null && collection.fields().stream().anyMatch(DatasetField::holdsPersonalData);
            warnings.add(new FieldError(
                    address.toString(),
                    personal
                            ? "holds personal data but no identity field or reference reaches it: requests will not"
                                    + " find its records; give it an identity field or a reference"
                            : "is reached by no identity field or reference; it holds no personal data, so requests"
                                    + " miss nothing"));
        }
        for (ValueFlow flow : plan.notFollowed()) {
            if (flow.directed() && (concerned.test(flow.source()) || concerned.test(flow.target()))) {
                warnings.add(new FieldError(
                        flow.target() + "." + flow.targetField(),
                        "is looked up before " + flow.source() + " is read, because their references form a"
                                + " cycle: rows found only by the values of " + flow.source() + "."
                                + flow.sourceField() + " take a request a second pass over the stores"));
            }
        }
        for (TraversalPlan.OrderConflict conflict : plan.orderConflicts()) {
            if (concerned.test(conflict.parent()) || concerned.test(conflict.child())) {
                warnings.add(new FieldError(
                        conflict.child().toString(),
                        "and " + conflict.parent() + " reference each other, so erasure erases " + conflict.parent()
                                + " first: a foreign key between them must be deferrable or allow null"));
            }
        }
        checkDeletedParents(graph, concerned, warnings);
        return new DatasetFindings(errors, warnings);
    }

    private static void checkCategories(Dataset dataset, Predicate<TermKey> knownCategory, List<FieldError> errors) {
        for (DatasetCollection collection : dataset.collections()) {
            for (DatasetField field : collection.fields()) {
                for (int index = 0; index < field.dataCategories().size(); index++) {
                    TermKey key = field.dataCategories().get(index);
                    if (!knownCategory.test(key)) {
                        errors.add(new FieldError(
                                dataset.address(collection) + "." + field.name() + ".data_categories[" + index + "]",
                                "unknown data category '" + key + "'"
                                        + nearestKnown(key, knownCategory)
                                                .map(parent -> "; the taxonomy has " + parent)
                                                .orElse("")
                                        + ": add it to the taxonomy (a fideslang taxonomy can be imported) or use a"
                                        + " key of the taxonomy"));
                    }
                }
            }
        }
    }

    private static Optional<TermKey> nearestKnown(TermKey key, Predicate<TermKey> knownCategory) {
        Optional<TermKey> parent = key.parent();
        while (parent.isPresent() && !knownCategory.test(parent.get())) {
            parent = parent.get().parent();
        }
        return parent;
    }

    /**
     * A parent whose rows erasure deletes, and a child that does not delete its rows and keeps its pointer: with a
     * foreign key the delete fails, without one the pointer dangles.
     */
    private static void checkDeletedParents(
            DatasetGraph graph, Predicate<CollectionAddress> concerned, List<FieldError> warnings) {
        for (Link link : graph.links()) {
            if (!concerned.test(link.parent()) && !concerned.test(link.child())) {
                continue;
            }
            DatasetCollection parent = graph.collections().get(link.parent());
            DatasetCollection child = graph.collections().get(link.child());
            if (parent == null || child == null || !parent.deletesRows() || child.deletesRows()) {
                continue;
            }
            DatasetField pointer = link.childField();
            boolean cleared = child.erasureOf(pointer)
                    .filter(strategy -> strategy instanceof ErasureStrategy.SetNull)
                    .isPresent();
            if (!cleared) {
                warnings.add(new FieldError(
                        link.child() + "." + pointer.name(),
                        "points at rows of " + link.parent() + " that erasure deletes, and stays: a foreign key"
                                + " would refuse the delete; erase it with set_null, or delete the rows of "
                                + link.child()));
            }
        }
    }
}
