package io.custodia.core.dataset;

import io.custodia.core.dataset.EraseStep.FieldReplacement;
import io.custodia.core.dataset.EraseStep.KeptField;
import io.custodia.core.dataset.ErasureStrategy.Keep;
import io.custodia.core.dataset.ErasureStrategy.Replacement;
import io.custodia.core.dataset.TraversalPlan.OrderConflict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registered datasets seen as a graph: collections linked by their references. It plans the traversal of a
 * request ({@link #plan}) and tells registration what a traversal cannot reach.
 *
 * <p>Immutable and thread-safe; build it again when the registered datasets change.
 *
 * <h2>How a plan is made</h2>
 *
 * <p><b>Flows.</b> A reference from field {@code a.f} to {@code b.g} lets values flow {@code a.f -> b.g} when its
 * direction is {@code to} (rows of {@code b} are found by {@code g} with the values of {@code a.f}), {@code b.g ->
 * a.f} when it is {@code from}, and both ways when it names none. References that do not resolve (an unregistered
 * dataset, a missing field) and references of a collection to itself (a hierarchy such as a manager's id) give no
 * flow: the first are reported at registration, the second would find other people's rows.
 *
 * <p><b>Read order.</b> The roots are the collections with an identity field of one of the request's schemes. A
 * breadth-first walk along the flows gives every reachable collection its distance from the roots; the others are
 * unreachable. The read order is then a topological order of the flows among reachable collections (Kahn's
 * algorithm), which puts every collection after all the collections whose values find its rows, so that each step
 * looks up with every value there is. Among collections ready at the same time the nearer to the roots comes first,
 * then the smaller address, so that plans are stable. References in a cycle leave no collection ready; then the
 * next collection is taken from a cycle that waits on nothing else (a strongly connected component with no
 * predecessor left outside it, found with Kosaraju's algorithm): the one nearest to the roots. A collection that
 * merely waits on a cycle never jumps ahead of it. The chosen collection's breadth-first parent is nearer to the
 * roots, so it is not in the same component; since the component waits on nothing outside, the parent is placed:
 * every step has at least one lookup from the request or an earlier step. The flows from collections placed later
 * cannot be used in one pass: they are listed as {@linkplain TraversalPlan#notFollowed() not followed} in one
 * pass, and each becomes a {@linkplain ReadStep#laterLookups() later lookup} of its step, which a repeated pass uses
 * ({@link FoundRecords#find} repeats passes until no new row is found).
 *
 * <p><b>Erasure order.</b> Each reference is also a parent-child link, as a foreign key is: the referenced
 * collection is the parent and the one holding the reference the child, unless the holding field is its
 * collection's primary key and the referenced field is not (the reference was written from the parent's side).
 * Erasure deletes children before parents, so that foreign keys never block: it is the reverse of a topological
 * order of parents before children, ties broken by read order. Links in a cycle are broken the same way as for
 * reads, and each link the order cannot respect is listed as an {@linkplain TraversalPlan#orderConflicts() order
 * conflict}.
 *
 * <p>Both orders cost O(n² + n·e) for n collections and e references: a few hundred collections plan in well under a
 * millisecond, and a plan can be cached per set of identity schemes.
 */
public final class DatasetGraph {
    private final Map<CollectionAddress, DatasetCollection> collections = new TreeMap<>();
    private final List<Link> links = new ArrayList<>();
    private final List<BrokenReference> broken = new ArrayList<>();
    private final Map<CollectionAddress, List<ValueFlow>> flowsFrom = new HashMap<>();
    private final Map<CollectionAddress, List<ValueFlow>> flowsInto = new HashMap<>();

    /**
     * A reference between two existing fields.
     *
     * @param holder the collection whose field holds the reference
     * @param target the referenced collection
     */
    record Link(
            CollectionAddress holder,
            DatasetField holderField,
            CollectionAddress target,
            DatasetField targetField,
            Reference.Direction direction) {

        /** The parent of the link: the side a foreign key would point at. */
        CollectionAddress parent() {
            return holderIsParent() ? holder : target;
        }

        CollectionAddress child() {
            return holderIsParent() ? target : holder;
        }

        /** The field of the child that points at the parent. */
        DatasetField childField() {
            return holderIsParent() ? targetField : holderField;
        }

        private boolean holderIsParent() {
            return holderField.primaryKey() && !targetField.primaryKey();
        }
    }

    /**
     * A reference that does not resolve.
     *
     * @param holder where it is written
     * @param unknownDataset whether its dataset is not registered (as opposed to a missing collection or field)
     */
    record BrokenReference(CollectionAddress holder, String holderField, Reference reference, boolean unknownDataset) {}

    private DatasetGraph(List<Dataset> datasets) {
        Map<String, Dataset> byKey = new HashMap<>();
        for (Dataset dataset : datasets) {
            if (byKey.putIfAbsent(dataset.key(), dataset) != null) {
                throw new IllegalArgumentException("Dataset " + dataset.key() + " is given twice");
            }
            for (DatasetCollection collection : dataset.collections()) {
                collections.put(dataset.address(collection), collection);
            }
        }
        for (Dataset dataset : datasets) {
            for (DatasetCollection collection : dataset.collections()) {
                CollectionAddress holder = dataset.address(collection);
                for (DatasetField field : collection.fields()) {
                    for (Reference reference : field.references()) {
                        resolve(holder, field, reference, byKey);
                    }
                }
            }
        }
        for (Link link : links) {
            boolean directed = link.direction() != Reference.Direction.BOTH;
            if (link.direction() != Reference.Direction.FROM) {
                addFlow(new ValueFlow(
                        link.holder(),
                        link.holderField().name(),
                        link.target(),
                        link.targetField().name(),
                        directed));
            }
            if (link.direction() != Reference.Direction.TO) {
                addFlow(new ValueFlow(
                        link.target(),
                        link.targetField().name(),
                        link.holder(),
                        link.holderField().name(),
                        directed));
            }
        }
    }

    /**
     * The graph of these datasets.
     *
     * @throws IllegalArgumentException if two datasets have the same key
     */
    public static DatasetGraph of(List<Dataset> datasets) {
        return new DatasetGraph(datasets);
    }

    private void resolve(
            CollectionAddress holder, DatasetField field, Reference reference, Map<String, Dataset> byKey) {
        CollectionAddress target = reference.target(holder.dataset());
        DatasetCollection targetCollection = collections.get(target);
        Optional<DatasetField> targetField =
                targetCollection == null ? Optional.empty() : targetCollection.field(reference.field());
        if (targetField.isEmpty()) {
            broken.add(new BrokenReference(holder, field.name(), reference, !byKey.containsKey(target.dataset())));
        } else if (!target.equals(holder)) {
            links.add(new Link(holder, field, target, targetField.get(), reference.direction()));
        }
    }

    private void addFlow(ValueFlow flow) {
        flowsFrom.computeIfAbsent(flow.source(), address -> new ArrayList<>()).add(flow);
        flowsInto.computeIfAbsent(flow.target(), address -> new ArrayList<>()).add(flow);
    }

    /** Every collection of the graph, by address. */
    Map<CollectionAddress, DatasetCollection> collections() {
        return Collections.unmodifiableMap(collections);
    }

    List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    List<BrokenReference> broken() {
        return Collections.unmodifiableList(broken);
    }

    /** The plan that reaches every collection it can from every kind of identifier: what registration checks. */
    public TraversalPlan planForAllIdentities() {
        return plan(EnumSet.allOf(IdentityScheme.class));
    }

    /**
     * Plans the reads and the erasure of one person's records, starting from the kinds of identifier a request
     * carries.
     *
     * @param identities the schemes of the request's identifiers, e.g. {@code email} and {@code phone}
     */
    public TraversalPlan plan(Set<IdentityScheme> identities) {
        Map<CollectionAddress, Integer> distance = distances(identities);
        List<CollectionAddress> readOrder = readOrder(distance);
        Map<CollectionAddress, Integer> position = new HashMap<>();
        for (int index = 0; index < readOrder.size(); index++) {
            position.put(readOrder.get(index), index);
        }

        List<ReadStep> reads = new ArrayList<>();
        List<ValueFlow> notFollowed = new ArrayList<>();
        for (CollectionAddress address : readOrder) {
            DatasetCollection collection = present(collections, address);
            Set<Lookup> lookups = new LinkedHashSet<>();
            Set<Lookup> laterLookups = new LinkedHashSet<>();
            for (DatasetField field : collection.fields()) {
                if (field.identity() != null && identities.contains(field.identity())) {
                    lookups.add(new Lookup(field.name(), new Lookup.IdentityValues(field.identity())));
                }
            }
            List<ValueFlow> incoming = new ArrayList<>(flowsInto.getOrDefault(address, List.of()));
            incoming.removeIf(flow -> !position.containsKey(flow.source()));
            incoming.sort(Comparator.comparing((ValueFlow flow) -> position.get(flow.source()))
                    .thenComparing(ValueFlow::sourceField)
                    .thenComparing(ValueFlow::targetField));
            for (ValueFlow flow : incoming) {
                if (present(position, flow.source()) < present(position, address)) {
                    lookups.add(
                            new Lookup(flow.targetField(), new Lookup.StepValues(flow.source(), flow.sourceField())));
                } else {
                    notFollowed.add(flow);
                    laterLookups.add(
                            new Lookup(flow.targetField(), new Lookup.StepValues(flow.source(), flow.sourceField())));
                }
            }
            reads.add(new ReadStep(address, collection, List.copyOf(lookups), List.copyOf(laterLookups)));
        }

        List<OrderConflict> conflicts = new ArrayList<>();
        List<EraseStep> erasures = new ArrayList<>();
        for (CollectionAddress address : erasureOrder(position, conflicts)) {
            eraseStep(address, present(collections, address)).ifPresent(erasures::add);
        }

        List<CollectionAddress> unreachable = collections.keySet().stream()
                .filter(address -> !distance.containsKey(address))
                .toList();
        return new TraversalPlan(identities, reads, erasures, unreachable, notFollowed, conflicts);
    }

    /** Breadth-first distances from the collections with an identity field of these schemes. */
    private Map<CollectionAddress, Integer> distances(Set<IdentityScheme> identities) {
        Map<CollectionAddress, Integer> distance = new HashMap<>();
        ArrayDeque<CollectionAddress> queue = new ArrayDeque<>();
        collections.forEach((address, collection) -> {
            boolean root = collection.fields().stream()
                    .anyMatch(field -> field.identity() != null && identities.contains(field.identity()));
            if (root) {
                distance.put(address, 0);
                queue.add(address);
            }
        });
        while (!queue.isEmpty()) {
            CollectionAddress address = queue.poll();
            for (ValueFlow flow : flowsFrom.getOrDefault(address, List.of())) {
                if (!distance.containsKey(flow.target())) {
                    distance.put(flow.target(), present(distance, address) + 1);
                    queue.add(flow.target());
                }
            }
        }
        return distance;
    }

    private List<CollectionAddress> readOrder(Map<CollectionAddress, Integer> distance) {
        Map<CollectionAddress, Set<CollectionAddress>> sources = new HashMap<>();
        for (CollectionAddress address : distance.keySet()) {
            Set<CollectionAddress> from = new TreeSet<>();
            for (ValueFlow flow : flowsInto.getOrDefault(address, List.of())) {
                if (distance.containsKey(flow.source())) {
                    from.add(flow.source());
                }
            }
            sources.put(address, from);
        }
        Comparator<CollectionAddress> nearestFirst = Comparator.comparing(
                        (CollectionAddress address) -> distance.get(address))
                .thenComparing(Comparator.naturalOrder());
        return topologicalOrder(distance.keySet(), sources, nearestFirst, (placed, next) -> {});
    }

    private List<CollectionAddress> erasureOrder(
            Map<CollectionAddress, Integer> readPosition, List<OrderConflict> conflicts) {
        Map<CollectionAddress, Set<CollectionAddress>> parents = new HashMap<>();
        for (CollectionAddress address : readPosition.keySet()) {
            parents.put(address, new TreeSet<>());
        }
        for (Link link : links) {
            if (readPosition.containsKey(link.parent()) && readPosition.containsKey(link.child())) {
                present(parents, link.child()).add(link.parent());
            }
        }
        List<CollectionAddress> parentsFirst = topologicalOrder(
                readPosition.keySet(),
                parents,
                Comparator.comparing((CollectionAddress address) -> readPosition.get(address)),
                (placed, next) -> {
                    for (CollectionAddress parent : present(parents, next)) {
                        if (!placed.contains(parent)) {
                            conflicts.add(new OrderConflict(parent, next));
                        }
                    }
                });
        List<CollectionAddress> childrenFirst = new ArrayList<>(parentsFirst);
        Collections.reverse(childrenFirst);
        return childrenFirst;
    }

    /** Called when a node is placed before all its predecessors, because they form a cycle. */
    private interface CycleBreak {
        void placedEarly(Set<CollectionAddress> placed, CollectionAddress next);
    }

    /**
     * Kahn's algorithm: nodes after their predecessors, the first by {@code order} among those ready. When cycles
     * leave none ready, the first by {@code order} among the nodes that wait only on nodes of their own cycle (their
     * strongly connected component): a node that merely waits on a cycle never jumps ahead of it.
     */
    private static List<CollectionAddress> topologicalOrder(
            Set<CollectionAddress> nodes,
            Map<CollectionAddress, Set<CollectionAddress>> predecessors,
            Comparator<CollectionAddress> order,
            CycleBreak cycleBreak) {
        Map<CollectionAddress, Integer> component = components(nodes, predecessors);
        TreeSet<CollectionAddress> remaining = new TreeSet<>(order);
        remaining.addAll(nodes);
        Set<CollectionAddress> placed = new LinkedHashSet<>();
        while (!remaining.isEmpty()) {
            CollectionAddress next = remaining.stream()
                    .filter(node -> placed.containsAll(present(predecessors, node)))
                    .findFirst()
                    .orElse(null);
            if (next == null) {
                Set<Integer> waiting = new HashSet<>();
                for (CollectionAddress node : remaining) {
                    for (CollectionAddress predecessor : present(predecessors, node)) {
                        if (!placed.contains(predecessor)
                                && !present(component, predecessor).equals(present(component, node))) {
                            waiting.add(present(component, node));
                        }
                    }
                }
                next = remaining.stream()
                        .filter(node -> !waiting.contains(present(component, node)))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("A graph without a source component"));
                cycleBreak.placedEarly(placed, next);
            }
            remaining.remove(next);
            placed.add(next);
        }
        return new ArrayList<>(placed);
    }

    /**
     * The strongly connected components of a graph given by its predecessor sets (Kosaraju's algorithm, iterative):
     * nodes on a common cycle get the same number.
     */
    private static Map<CollectionAddress, Integer> components(
            Set<CollectionAddress> nodes, Map<CollectionAddress, Set<CollectionAddress>> predecessors) {
        Map<CollectionAddress, Set<CollectionAddress>> successors = new TreeMap<>();
        for (CollectionAddress node : nodes) {
            successors.put(node, new TreeSet<>());
        }
        for (CollectionAddress node : nodes) {
            for (CollectionAddress predecessor : present(predecessors, node)) {
                present(successors, predecessor).add(node);
            }
        }
        // First pass: the order in which depth-first searches along successors finish.
        List<CollectionAddress> finished = new ArrayList<>();
        Set<CollectionAddress> visited = new HashSet<>();
        for (CollectionAddress start : successors.keySet()) {
            if (!visited.add(start)) {
                continue;
            }
            ArrayDeque<Map.Entry<CollectionAddress, Iterator<CollectionAddress>>> stack = new ArrayDeque<>();
            stack.push(Map.entry(start, present(successors, start).iterator()));
            while (!stack.isEmpty()) {
                var top = stack.peek();
                if (top.getValue().hasNext()) {
                    CollectionAddress next = top.getValue().next();
                    if (visited.add(next)) {
                        stack.push(Map.entry(next, present(successors, next).iterator()));
                    }
                } else {
                    finished.add(top.getKey());
                    stack.pop();
                }
            }
        }
        // Second pass: along predecessors, latest finished first; each search is one component.
        Map<CollectionAddress, Integer> component = new HashMap<>();
        for (int index = finished.size() - 1; index >= 0; index--) {
            CollectionAddress start = finished.get(index);
            if (component.containsKey(start)) {
                continue;
            }
            int id = component.size();
            ArrayDeque<CollectionAddress> stack = new ArrayDeque<>();
            stack.push(start);
            component.put(start, id);
            while (!stack.isEmpty()) {
                for (CollectionAddress predecessor : present(predecessors, stack.pop())) {
                    if (!component.containsKey(predecessor)) {
                        component.put(predecessor, id);
                        stack.push(predecessor);
                    }
                }
            }
        }
        return component;
    }

    /** The value of a key the algorithm has put in the map. */
    private static <V> V present(Map<CollectionAddress, V> map, CollectionAddress key) {
        V value = map.get(key);
        if (value == null) {
            throw new IllegalStateException("No entry for " + key);
        }
        return value;
    }

    private static Optional<EraseStep> eraseStep(CollectionAddress address, DatasetCollection collection) {
        if (collection.deletesRows()) {
            return Optional.of(new EraseStep.DeleteRows(address, collection));
        }
        List<FieldReplacement> replacements = new ArrayList<>();
        List<KeptField> kept = new ArrayList<>();
        for (DatasetField field : collection.fields()) {
            Optional<ErasureStrategy> strategy = collection.erasureOf(field);
            if (strategy.isPresent() && strategy.get() instanceof Replacement replacement) {
                replacements.add(new FieldReplacement(field.name(), replacement));
            } else if (strategy.isPresent() && strategy.get() instanceof Keep keep) {
                kept.add(new KeptField(field.name(), keep));
            }
        }
        if (replacements.isEmpty() && kept.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EraseStep.RewriteFields(address, collection, replacements, kept));
    }
}
