package io.custodia.server.connectors;

import io.custodia.core.dataset.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * The connectors feature's facade: the systems registered for an entity and the steps of a data-subject request run
 * against them.
 *
 * <p>Failures: a system that cannot be reached, times out or answers 5xx throws {@link ConnectorUnavailableException}
 * (retryable: every step is idempotent); a permanent error (no dataset registered, a dataset that does not fit the
 * store, a 4xx answer, a disabled connection) throws {@link ConnectorFailedException}. Steps against a {@link
 * SystemType#MANUAL} system throw {@link IllegalArgumentException}: the caller turns manual systems into tasks for a
 * person. The methods check no caller's scope: they run for the requests feature, which checked it when the request
 * was made. Thread-safe.
 */
@Service
public class Connectors {
    private final ConnectionRegistry connections;
    private final DatasetRegistry datasets;
    private final JdbcSystems jdbc;
    private final HttpSystems http;

    Connectors(ConnectionRegistry connections, DatasetRegistry datasets, JdbcSystems jdbc, HttpSystems http) {
        this.connections = connections;
        this.datasets = datasets;
        this.jdbc = jdbc;
        this.http = http;
    }

    /** Every enabled system registered for the entity, HTTP and manual ones included, ordered by key. */
    public List<SystemTarget> systems(String entity) {
        return connections.enabled(entity).stream().map(Connection::target).toList();
    }

    /** Access and portability: every reachable record of the subject, in read order, with data categories. */
    public StepOutcome collect(SystemTarget system, Identities who, String requestId) {
        Connection connection = current(system);
        if (connection.type() == SystemType.HTTP) {
            return http.send(connection, signingSecret(connection), "collect", who, requestId, Map.of());
        }
        CollectedRecords records = jdbc.collect(connection, password(connection), dataset(connection), who);
        return StepOutcome.done(records, 0, null);
    }

    /** Erasure by the dataset's strategies, children first, in one transaction per system; a second run changes 0. */
    public StepOutcome erase(SystemTarget system, Identities who, String requestId) {
        Connection connection = current(system);
        if (connection.type() == SystemType.HTTP) {
            return http.send(connection, signingSecret(connection), "erase", who, requestId, Map.of());
        }
        long changed = jdbc.erase(connection, password(connection), dataset(connection), who);
        return StepOutcome.done(null, changed, null);
    }

    /**
     * Rectification: in every reachable record, the fields holding one of the given data categories (taxonomy keys,
     * such as {@code user.contact.email}) get the new value; a field that holds it already is left alone.
     */
    public StepOutcome rectify(
            SystemTarget system, Identities who, Map<String, String> newValuesByDataCategory, String requestId) {
        Connection connection = current(system);
        if (connection.type() == SystemType.HTTP) {
            return http.send(
                    connection,
                    signingSecret(connection),
                    "rectify",
                    who,
                    requestId,
                    Map.of("changes", newValuesByDataCategory));
        }
        long changed =
                jdbc.rectify(connection, password(connection), dataset(connection), who, newValuesByDataCategory);
        return StepOutcome.done(null, changed, null);
    }

    /**
     * Restriction of processing (Art. 18): sent to HTTP systems, which stop using the data; a store read over JDBC
     * has nothing to change (Custodia's decisions enforce the restriction) and answers DONE with 0 rows.
     */
    public StepOutcome restrict(SystemTarget system, Identities who, String requestId) {
        Connection connection = current(system);
        if (connection.type() == SystemType.HTTP) {
            return http.send(connection, signingSecret(connection), "restrict", who, requestId, Map.of());
        }
        return StepOutcome.done(null, 0, "restriction is enforced by Custodia's decisions; the store is unchanged");
    }

    /**
     * Art. 19: tells every recipient system of the entity (an enabled HTTP connection with a {@code recipient}) of
     * the rectification, erasure or restriction, with a {@code notify} step. Every recipient is tried.
     *
     * @return the keys of the connections that acknowledged, by key
     * @throws ConnectorUnavailableException when one could not be told; those that were told are told again on a retry
     *     (they recognise it by the request id)
     */
    public List<String> notifyRecipients(String entity, String requestId, String requestType, Identities who) {
        List<String> told = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Connection connection : connections.enabled(entity)) {
            if (connection.type() != SystemType.HTTP || connection.recipient() == null) {
                continue;
            }
            try {
                http.send(
                        connection,
                        signingSecret(connection),
                        "notify",
                        who,
                        requestId,
                        Map.of("requestType", requestType, "recipient", connection.recipient()));
                told.add(connection.key());
            } catch (ConnectorUnavailableException e) {
                failed.add(connection.key());
            }
        }
        if (!failed.isEmpty()) {
            throw new ConnectorUnavailableException("Recipients not told: " + String.join(", ", failed));
        }
        return told;
    }

    private Connection current(SystemTarget system) {
        Connection connection = connections
                .find(system.id())
                .filter(found -> found.entity().equals(system.entity()))
                .orElseThrow(() -> new ConnectorFailedException("No connection " + system.key()));
        if (!connection.enabled()) {
            throw new ConnectorFailedException("Connection " + system.key() + " is disabled");
        }
        if (connection.type() == SystemType.MANUAL) {
            throw new IllegalArgumentException(
                    "Connection " + system.key() + " is a manual system: a person carries out its steps");
        }
        return connection;
    }

    private Dataset dataset(Connection connection) {
        Dataset dataset = datasets.datasetOf(connection);
        if (dataset == null) {
            throw new ConnectorFailedException("Connection " + connection.key() + " has no dataset registered");
        }
        return dataset;
    }

    private Supplier<Optional<String>> password(Connection connection) {
        return () -> connections.secret(connection);
    }

    private String signingSecret(Connection connection) {
        return connections
                .secret(connection)
                .orElseThrow(() -> new ConnectorFailedException(connection.key() + " has no signing secret"));
    }
}
