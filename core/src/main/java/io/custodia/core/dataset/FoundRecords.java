package io.custodia.core.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The records one request has found so far, step by step, and the values the next steps look up with.
 *
 * <p>A store reader runs the {@linkplain TraversalPlan#reads() read steps} in order: it asks {@link #values} for
 * each lookup of a step, reads the matching rows, and {@linkplain #add adds} them. Rows are kept once each, by
 * primary key (or by all their values when the collection declares none), since a row can match several lookups
 * or statements. The rows of a collection are then what its erase step erases.
 *
 * <p>Not thread-safe: one request, one reader.
 */
public final class FoundRecords {
    private final Map<IdentityScheme, List<String>> identifiers = new HashMap<>();
    private final Map<CollectionAddress, Map<List<@Nullable Object>, Map<String, @Nullable Object>>> rows =
            new LinkedHashMap<>();

    /**
     * An empty set of records for a request.
     *
     * @param identifiers the request's identifiers by scheme, already in their canonical form (an e-mail address in
     *     lower case, a phone number in E.164), as the store holds them
     */
    public FoundRecords(Map<IdentityScheme, ? extends Collection<String>> identifiers) {
        identifiers.forEach((scheme, values) -> this.identifiers.put(scheme, List.copyOf(values)));
    }

    /**
     * Reads the rows of one step from a store: the rows whose looked-up fields hold one of {@code found}'s {@link
     * #values} for the step's lookups, each as a map from field name to value (see {@link SqlPlan#select}).
     */
    @FunctionalInterface
    public interface StepReader {
        List<Map<String, @Nullable Object>> read(ReadStep step, FoundRecords found);
    }

    /**
     * Finds every record a plan reaches: one pass over the read steps in order, then, when references form cycles
     * ({@link ReadStep#laterLookups()}), more passes with the later lookups too, until a pass finds no new row. A
     * step is read again only when one of the collections its values come from has new rows.
     *
     * @param identifiers the request's identifiers by scheme, in their canonical form
     * @param reader reads one step from its store
     */
    public static FoundRecords find(
            TraversalPlan plan, Map<IdentityScheme, ? extends Collection<String>> identifiers, StepReader reader) {
        FoundRecords found = new FoundRecords(identifiers);
        Map<CollectionAddress, Map<CollectionAddress, Integer>> inputsAtLastRead = new HashMap<>();
        for (ReadStep step : plan.reads()) {
            inputsAtLastRead.put(step.address(), found.inputSizes(step.repeated()));
            found.add(step, reader.read(step, found));
        }
        boolean cyclic =
                plan.reads().stream().anyMatch(step -> !step.laterLookups().isEmpty());
        boolean grew = cyclic;
        while (grew) {
            grew = false;
            for (ReadStep step : plan.reads()) {
                ReadStep repeated = step.repeated();
                Map<CollectionAddress, Integer> inputs = found.inputSizes(repeated);
                if (!inputs.equals(inputsAtLastRead.get(step.address()))) {
                    inputsAtLastRead.put(step.address(), inputs);
                    grew |= found.add(step, reader.read(repeated, found)) > 0;
                }
            }
        }
        return found;
    }

    /** How many rows each collection that a step's lookups take values from holds so far. */
    private Map<CollectionAddress, Integer> inputSizes(ReadStep step) {
        Map<CollectionAddress, Integer> sizes = new HashMap<>();
        for (Lookup lookup : step.lookups()) {
            if (lookup.source() instanceof Lookup.StepValues values) {
                sizes.put(
                        values.collection(),
                        rows.getOrDefault(values.collection(), Map.of()).size());
            }
        }
        return sizes;
    }

    /** The values a lookup looks up with: the identifiers of its scheme, or the distinct values found at its step. */
    public Collection<?> values(Lookup lookup) {
        if (lookup.source() instanceof Lookup.IdentityValues identity) {
            return identifiers.getOrDefault(identity.scheme(), List.of());
        }
        Lookup.StepValues step = (Lookup.StepValues) lookup.source();
        Set<Object> values = new LinkedHashSet<>();
        for (Map<String, @Nullable Object> row :
                rows.getOrDefault(step.collection(), Map.of()).values()) {
            Object value = row.get(step.field());
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /**
     * Adds the rows a read step found, each a map from field name to value; rows already found are skipped.
     *
     * @return how many rows were new
     */
    public int add(ReadStep step, List<Map<String, @Nullable Object>> found) {
        List<DatasetField> key = step.collection().primaryKey().isEmpty()
                ? step.collection().fields()
                : step.collection().primaryKey();
        var byKey = rows.computeIfAbsent(step.address(), address -> new LinkedHashMap<>());
        int added = 0;
        for (Map<String, @Nullable Object> row : found) {
            List<@Nullable Object> rowKey = new ArrayList<>(key.size());
            for (DatasetField field : key) {
                rowKey.add(row.get(field.name()));
            }
            if (!byKey.containsKey(rowKey)) {
                byKey.put(rowKey, new LinkedHashMap<>(row));
                added++;
            }
        }
        return added;
    }

    /** The rows found in a collection, in the order found. */
    public List<Map<String, @Nullable Object>> rows(CollectionAddress address) {
        return List.copyOf(rows.getOrDefault(address, Map.of()).values());
    }

    /** The collections where rows were found, in the order of their steps. */
    public Set<CollectionAddress> collections() {
        Set<CollectionAddress> found = new LinkedHashSet<>();
        rows.forEach((address, byKey) -> {
            if (!byKey.isEmpty()) {
                found.add(address);
            }
        });
        return found;
    }

    /** How many rows were found in all. */
    public int count() {
        return rows.values().stream().mapToInt(Map::size).sum();
    }
}
