package io.custodia.server.connectors;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.dataset.CollectionAddress;
import io.custodia.core.dataset.Dataset;
import io.custodia.core.dataset.DatasetCollection;
import io.custodia.core.dataset.DatasetField;
import io.custodia.core.dataset.DatasetFiles;
import io.custodia.core.dataset.DatasetFindings;
import io.custodia.core.dataset.DatasetGraph;
import io.custodia.core.dataset.DatasetRules;
import io.custodia.core.dataset.ParsedDatasets;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Staff;
import io.custodia.server.taxonomy.Taxonomy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The datasets of connections: checked when they are registered, so that what a request could not reach is said
 * then and not when a customer waits for an answer.
 *
 * <p>A connection has one dataset; registering another replaces it. A file is refused (400, nothing stored) when
 * it does not read, when it holds other than one dataset, when a data category is not in the entity's taxonomy (the
 * non-personal categories under fideslang's {@code system} need not be), when
 * a reference points at a collection or field the dataset does not have, when a store's collection has nested fields,
 * and when a collection that holds personal data ({@code user.*} categories) is reached by no identity field and no
 * reference: a request would silently miss its records. A collection without personal data that nothing reaches is
 * accepted with a warning, as are the other findings of {@link DatasetRules}. References to other datasets are not
 * followed: each system is queried on its own.
 */
@Service
class DatasetRegistry {
    private final ConnectionStore store;
    private final ConnectionRegistry connections;
    private final Taxonomy taxonomy;
    private final Staff staff;
    private final AuditTrail audit;
    private final Clock clock;
    private static final TermKey SYSTEM = TermKey.of("system");

    private final Map<Long, Parsed> parsed = new ConcurrentHashMap<>();

    DatasetRegistry(
            ConnectionStore store,
            ConnectionRegistry connections,
            Taxonomy taxonomy,
            Staff staff,
            AuditTrail audit,
            Clock clock) {
        this.store = store;
        this.connections = connections;
        this.taxonomy = taxonomy;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a registered dataset holds, and what was found when it was registered. */
    record Summary(
            String entity,
            String connection,
            String dataset,
            String format,
            int collections,
            int fields,
            List<String> identities,
            List<FieldError> warnings,
            Instant registeredAt) {}

    /**
     * Registers the dataset of a connection.
     *
     * @param format {@code custodia} or {@code fideslang}
     * @throws InvalidInputException naming each error under its path in the file or its address; nothing is stored
     * @throws ConflictException when another connection of the entity has a dataset of that key
     */
    @Transactional
    Summary register(Connection connection, String format, String yaml) {
        if (!connection.enabled()) {
            throw InvalidInputException.of("connection", "connection " + connection.key() + " is disabled");
        }
        if (connection.type() == SystemType.MANUAL) {
            throw InvalidInputException.of(
                    "connection", "a manual system is handled by a person; it takes instructions, not a dataset");
        }
        ParsedDatasets read =
                switch (format) {
                    case "custodia" -> DatasetFiles.readCustodia(yaml);
                    case "fideslang" -> DatasetFiles.readFideslang(yaml);
                    default -> throw InvalidInputException.of("format", "must be custodia or fideslang");
                };
        if (read.datasets().size() != 1) {
            throw InvalidInputException.of(
                    "dataset",
                    "holds " + read.datasets().size() + " datasets; a connection is described by exactly one");
        }
        Dataset dataset = read.datasets().get(0);
        Set<TermKey> categories = taxonomy.terms(TermKind.DATA_CATEGORY, connection.entity()).stream()
                .map(Term::key)
                .collect(Collectors.toSet());
        // Fideslang's system.* categories describe data about the system, not people: Custodia's taxonomy, which lists
        // personal data, has no such terms, and a dataset may use them without adding them.
        DatasetFindings findings = DatasetRules.check(
                List.of(dataset), List.of(), key -> categories.contains(key) || key.isWithin(SYSTEM));
        List<FieldError> errors = new ArrayList<>(findings.errors());
        List<FieldError> warnings = new ArrayList<>(read.warnings());
        DatasetGraph graph = DatasetGraph.of(List.of(dataset));
        Set<CollectionAddress> unreachable =
                Set.copyOf(graph.planForAllIdentities().unreachable());
        for (FieldError warning : findings.warnings()) {
            if (unreachablePersonal(dataset, unreachable, warning.field())) {
                errors.add(warning);
            } else {
                warnings.add(warning);
            }
        }
        if (connection.type().jdbc()) {
            for (DatasetCollection collection : dataset.collections()) {
                for (DatasetField field : collection.fields()) {
                    if (field.nested()) {
                        errors.add(new FieldError(
                                dataset.address(collection) + "." + field.name(),
                                "is a nested field; a SQL store is read by top-level columns only"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The dataset cannot be registered", errors);
        }
        if (store.datasetKeyTaken(connection.entity(), dataset.key(), connection.id())) {
            throw new ConflictException("Another connection of entity " + connection.entity() + " has dataset "
                    + dataset.key() + " already");
        }
        RegisteredDataset registered = new RegisteredDataset(
                connection.id(),
                connection.entity(),
                connection.key(),
                dataset.key(),
                format,
                DatasetFiles.writeCustodia(List.of(dataset)),
                dataset.collections().size(),
                dataset.collections().stream()
                        .mapToInt(collection -> collection.fields().size())
                        .sum(),
                warnings.stream()
                        .map(warning -> warning.field() + ": " + warning.message())
                        .toList(),
                clock.instant());
        store.saveDataset(registered, staff.actor());
        parsed.remove(connection.id());
        audit.record(
                staff.actor(),
                "dataset.registered",
                "connection_dataset",
                dataset.key(),
                connection.entity(),
                Map.of("connection", connection.key(), "dataset", registered.document()));
        return summary(registered, dataset, warnings);
    }

    private static boolean unreachablePersonal(Dataset dataset, Set<CollectionAddress> unreachable, String place) {
        for (CollectionAddress address : unreachable) {
            if (address.toString().equals(place)) {
                return dataset.collection(address.collection())
                        .map(collection -> collection.fields().stream().anyMatch(DatasetField::holdsPersonalData))
                        .orElse(false);
            }
        }
        return false;
    }

    /** The datasets of the entities the caller may see, by entity then key. */
    @Transactional(readOnly = true)
    List<Summary> visible() {
        EntityScope scope = staff.scope();
        return store.datasets().stream()
                .filter(dataset -> scope.includes(dataset.entity()))
                .map(dataset -> summary(dataset, dataset(dataset), null))
                .toList();
    }

    /**
     * The summary of a connection's dataset.
     *
     * @throws NotFoundException when it has none
     */
    @Transactional(readOnly = true)
    Summary summary(Connection connection) {
        RegisteredDataset registered = store.dataset(connection.id())
                .orElseThrow(() -> new NotFoundException("Connection " + connection.key() + " has no dataset"));
        return summary(registered, dataset(registered), null);
    }

    /** The parsed dataset of a connection, if one is registered; kept in memory until it is replaced. */
    @Transactional(readOnly = true)
    @Nullable
    Dataset datasetOf(Connection connection) {
        Parsed cached = parsed.get(connection.id());
        RegisteredDataset registered = store.dataset(connection.id()).orElse(null);
        if (registered == null) {
            return null;
        }
        if (cached != null && cached.registeredAt().equals(registered.registeredAt())) {
            return cached.dataset();
        }
        Dataset dataset = dataset(registered);
        parsed.put(connection.id(), new Parsed(registered.registeredAt(), dataset));
        return dataset;
    }

    private record Parsed(Instant registeredAt, Dataset dataset) {}

    private static Dataset dataset(RegisteredDataset registered) {
        return DatasetFiles.readCustodia(registered.document()).datasets().get(0);
    }

    private static Summary summary(RegisteredDataset registered, Dataset dataset, @Nullable List<FieldError> warnings) {
        List<String> identities = dataset.collections().stream()
                .flatMap(collection -> collection.fields().stream())
                .map(DatasetField::identity)
                .filter(Objects::nonNull)
                .map(scheme -> scheme.key())
                .distinct()
                .sorted()
                .toList();
        List<FieldError> found = warnings != null
                ? warnings
                : registered.warnings().stream()
                        .map(line -> {
                            int colon = line.indexOf(": ");
                            return colon < 0
                                    ? new FieldError("", line)
                                    : new FieldError(line.substring(0, colon), line.substring(colon + 2));
                        })
                        .toList();
        return new Summary(
                registered.entity(),
                registered.connectionKey(),
                registered.datasetKey(),
                registered.sourceFormat(),
                registered.collections(),
                registered.fields(),
                identities,
                found,
                registered.registeredAt());
    }
}
