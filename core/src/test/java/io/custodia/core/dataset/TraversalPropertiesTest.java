package io.custodia.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.dataset.Reference.Direction;
import io.custodia.core.taxonomy.TermKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Properties of traversal plans over random stores: up to a dozen collections in one or two datasets, a few of them
 * with identity fields, linked by up to twenty references in random directions (cycles included), each erased by a
 * random strategy.
 */
class TraversalPropertiesTest {
    private static final List<String> FIELDS = List.of("id", "a", "b", "c");

    /** One reference of a random store: from field {@code fromField} of collection {@code from} to another's. */
    record Link(int from, int fromField, int to, int toField, Direction direction) {}

    /**
     * A random store: per collection an identity scheme (a code, see {@link #scheme}), a primary key or none, an
     * erasure.
     */
    record Store(
            List<Integer> identities,
            List<Boolean> keyed,
            List<Integer> erasures,
            List<Link> links,
            int secondDatasetFrom) {}

    @Provide
    Arbitrary<Store> stores() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 12);
        return size.flatMap(n -> {
            Arbitrary<List<Integer>> identities =
                    Arbitraries.integers().between(0, 5).list().ofSize(n);
            Arbitrary<List<Boolean>> keyed =
                    Arbitraries.of(true, true, false).list().ofSize(n);
            Arbitrary<List<Integer>> erasures =
                    Arbitraries.integers().between(0, 3).list().ofSize(n);
            Arbitrary<Link> link = Combinators.combine(
                            Arbitraries.integers().between(0, n - 1),
                            Arbitraries.integers().between(0, FIELDS.size() - 1),
                            Arbitraries.integers().between(0, n - 1),
                            Arbitraries.integers().between(0, FIELDS.size() - 1),
                            Arbitraries.of(Direction.class))
                    .as(Link::new)
                    .filter(candidate -> candidate.from() != candidate.to());
            Arbitrary<List<Link>> links =
                    n == 1 ? Arbitraries.just(List.of()) : link.list().ofMaxSize(20);
            return Combinators.combine(
                            identities,
                            keyed,
                            erasures,
                            links,
                            Arbitraries.integers().between(1, n))
                    .as(Store::new);
        });
    }

    @Provide
    Arbitrary<Set<IdentityScheme>> identitySets() {
        return Arbitraries.of(IdentityScheme.class).set().ofMinSize(1).map(set -> EnumSet.copyOf(set));
    }

    @Property(tries = 500)
    void everyStepLooksUpWithTheRequestOrEarlierSteps(
            @ForAll("stores") Store store, @ForAll("identitySets") Set<IdentityScheme> identities) {
        List<Dataset> datasets = datasets(store);
        TraversalPlan plan = DatasetGraph.of(datasets).plan(identities);

        Set<CollectionAddress> earlier = new HashSet<>();
        for (ReadStep step : plan.reads()) {
            assertThat(step.lookups()).isNotEmpty();
            for (Lookup lookup : step.lookups()) {
                DatasetField field = step.collection().field(lookup.field()).orElseThrow();
                if (lookup.source() instanceof Lookup.IdentityValues identity) {
                    assertThat(identities).contains(identity.scheme());
                    assertThat(field.identity()).isEqualTo(identity.scheme());
                } else {
                    assertThat(earlier).contains(((Lookup.StepValues) lookup.source()).collection());
                }
            }
            earlier.add(step.address());
        }
        Statistics.label("steps").collect(plan.reads().size());
        Statistics.label("flows not followed")
                .collect(Math.min(plan.notFollowed().size(), 3));
    }

    @Property(tries = 500)
    void everyReachableCollectionIsReadOnce_andNoOtherIs(
            @ForAll("stores") Store store, @ForAll("identitySets") Set<IdentityScheme> identities) {
        List<Dataset> datasets = datasets(store);
        TraversalPlan plan = DatasetGraph.of(datasets).plan(identities);

        List<CollectionAddress> read =
                plan.reads().stream().map(ReadStep::address).toList();
        assertThat(read).doesNotHaveDuplicates();
        assertThat(Set.copyOf(read)).isEqualTo(reachable(store, identities));
        assertThat(plan.unreachable()).allMatch(address -> !read.contains(address));
        assertThat(read.size() + plan.unreachable().size())
                .isEqualTo(store.identities().size());
    }

    @Property(tries = 500)
    void everyFlowBetweenReadCollectionsIsALookup_ofOnePassOrOfARepeatedPass(
            @ForAll("stores") Store store, @ForAll("identitySets") Set<IdentityScheme> identities) {
        TraversalPlan plan = DatasetGraph.of(datasets(store)).plan(identities);
        Map<CollectionAddress, Integer> position = new HashMap<>();
        plan.reads().forEach(step -> position.put(step.address(), position.size()));

        for (ValueFlow flow : flows(store)) {
            if (!position.containsKey(flow.source())) {
                continue;
            }
            int target = Objects.requireNonNull(position.get(flow.target()));
            boolean used = plan.reads().get(target).lookups().stream()
                    .anyMatch(lookup -> lookup.field().equals(flow.targetField())
                            && lookup.source().equals(new Lookup.StepValues(flow.source(), flow.sourceField())));
            boolean backwards = Objects.requireNonNull(position.get(flow.source())) > target;
            assertThat(used).as(flow.toString()).isNotEqualTo(backwards);
            assertThat(plan.notFollowed().contains(flow)).as(flow.toString()).isEqualTo(backwards);
            boolean later = plan.reads().get(target).laterLookups().stream()
                    .anyMatch(lookup -> lookup.field().equals(flow.targetField())
                            && lookup.source().equals(new Lookup.StepValues(flow.source(), flow.sourceField())));
            assertThat(later).as(flow.toString()).isEqualTo(backwards);
        }
    }

    @Property(tries = 500)
    void erasureDeletesChildrenFirst_exceptWithinCycles(
            @ForAll("stores") Store store, @ForAll("identitySets") Set<IdentityScheme> identities) {
        List<Dataset> datasets = datasets(store);
        DatasetGraph graph = DatasetGraph.of(datasets);
        TraversalPlan plan = graph.plan(identities);
        Map<CollectionAddress, Integer> erased = new HashMap<>();
        plan.erasures().forEach(step -> erased.put(step.address(), erased.size()));
        Set<CollectionAddress> read =
                Set.copyOf(plan.reads().stream().map(ReadStep::address).toList());

        assertThat(erased.keySet()).isSubsetOf(read);
        for (DatasetGraph.Link link : graph.links()) {
            Integer parent = erased.get(link.parent());
            Integer child = erased.get(link.child());
            if (parent == null || child == null) {
                continue;
            }
            var conflict = new TraversalPlan.OrderConflict(link.parent(), link.child());
            assertThat(child < parent)
                    .as(conflict.toString())
                    .isNotEqualTo(plan.orderConflicts().contains(conflict));
        }
        for (TraversalPlan.OrderConflict conflict : plan.orderConflicts()) {
            assertThat(dependsOn(graph, conflict.parent(), conflict.child(), read))
                    .as("%s is on a cycle", conflict)
                    .isTrue();
        }
    }

    @Property(tries = 300)
    void aStoreWithoutCycles_isReadInOnePass(@ForAll("stores") Store store) {
        // Keep only references that point from a lower collection number to a higher one, one way.
        List<Link> forward = store.links().stream()
                .filter(link -> link.from() < link.to())
                .map(link -> new Link(link.from(), link.fromField(), link.to(), link.toField(), Direction.TO))
                .toList();
        Store acyclic =
                new Store(store.identities(), store.keyed(), store.erasures(), forward, store.secondDatasetFrom());

        TraversalPlan plan = DatasetGraph.of(datasets(acyclic)).plan(EnumSet.allOf(IdentityScheme.class));

        assertThat(plan.notFollowed()).isEmpty();
    }

    private static List<Dataset> datasets(Store store) {
        int n = store.identities().size();
        List<List<DatasetField>> fields = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            List<DatasetField> own = new ArrayList<>();
            for (int f = 0; f < FIELDS.size(); f++) {
                DatasetField field = DatasetField.named(FIELDS.get(f))
                        .withDataCategories(f == 0 ? List.of() : List.of(TermKey.of("user.contact")));
                if (f == 0) {
                    field = field.withPrimaryKey(store.keyed().get(c));
                }
                if (f == 1) {
                    field = field.withIdentity(scheme(store.identities().get(c)));
                }
                own.add(field);
            }
            fields.add(own);
        }
        for (Link link : store.links()) {
            DatasetField holder = fields.get(link.from()).get(link.fromField());
            List<Reference> references = new ArrayList<>(holder.references());
            references.add(new Reference(
                    datasetOf(store, link.to()), name(link.to()), FIELDS.get(link.toField()), link.direction()));
            fields.get(link.from()).set(link.fromField(), holder.withReferences(references));
        }
        List<DatasetCollection> first = new ArrayList<>();
        List<DatasetCollection> second = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            ErasureStrategy erasure =
                    switch (store.erasures().get(c)) {
                        case 0 -> null;
                        case 1 -> ErasureStrategy.DELETE_ROW;
                        case 2 -> ErasureStrategy.HASH;
                        default -> new ErasureStrategy.Keep("Law", java.time.Period.ofYears(1));
                    };
            var collection = new DatasetCollection(name(c), "", fields.get(c), erasure);
            (c < store.secondDatasetFrom() ? first : second).add(collection);
        }
        List<Dataset> datasets = new ArrayList<>();
        datasets.add(new Dataset("one", "One", "", first));
        if (!second.isEmpty()) {
            datasets.add(new Dataset("two", "Two", "", second));
        }
        return datasets;
    }

    /** Codes 0 to 2 are e-mail, phone and customer id; higher codes (half of them) mean no identity field. */
    private static @Nullable IdentityScheme scheme(int code) {
        return code < 3
                ? List.of(IdentityScheme.EMAIL, IdentityScheme.PHONE, IdentityScheme.CUSTOMER_ID)
                        .get(code)
                : null;
    }

    private static String name(int collection) {
        return "c" + collection;
    }

    private static String datasetOf(Store store, int collection) {
        return collection < store.secondDatasetFrom() ? "one" : "two";
    }

    private static CollectionAddress addressOf(Store store, int collection) {
        return new CollectionAddress(datasetOf(store, collection), name(collection));
    }

    private static List<ValueFlow> flows(Store store) {
        List<ValueFlow> flows = new ArrayList<>();
        for (Link link : store.links()) {
            CollectionAddress from = addressOf(store, link.from());
            CollectionAddress to = addressOf(store, link.to());
            String fromField = FIELDS.get(link.fromField());
            String toField = FIELDS.get(link.toField());
            boolean directed = link.direction() != Direction.BOTH;
            if (link.direction() != Direction.FROM) {
                flows.add(new ValueFlow(from, fromField, to, toField, directed));
            }
            if (link.direction() != Direction.TO) {
                flows.add(new ValueFlow(to, toField, from, fromField, directed));
            }
        }
        return flows;
    }

    /** Reachability computed the plain way, to a fixed point. */
    private static Set<CollectionAddress> reachable(Store store, Set<IdentityScheme> identities) {
        Set<CollectionAddress> reached = new HashSet<>();
        for (int c = 0; c < store.identities().size(); c++) {
            IdentityScheme scheme = scheme(store.identities().get(c));
            if (scheme != null && identities.contains(scheme)) {
                reached.add(addressOf(store, c));
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ValueFlow flow : flows(store)) {
                if (reached.contains(flow.source()) && reached.add(flow.target())) {
                    grew = true;
                }
            }
        }
        return reached;
    }

    /** Whether {@code to} depends on {@code from} by parent-child links among the collections read. */
    private static boolean dependsOn(
            DatasetGraph graph, CollectionAddress from, CollectionAddress to, Set<CollectionAddress> read) {
        Set<CollectionAddress> seen = new HashSet<>();
        List<CollectionAddress> frontier = new ArrayList<>(List.of(to));
        while (!frontier.isEmpty()) {
            CollectionAddress node = frontier.remove(frontier.size() - 1);
            if (node.equals(from) && !seen.isEmpty()) {
                return true;
            }
            if (!seen.add(node)) {
                continue;
            }
            for (DatasetGraph.Link link : graph.links()) {
                if (link.child().equals(node) && read.contains(link.parent())) {
                    frontier.add(link.parent());
                }
            }
        }
        return false;
    }
}
