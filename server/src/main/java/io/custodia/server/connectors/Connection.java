package io.custodia.server.connectors;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A connection as stored, without its secret: whether it has one is all that leaves {@link ConnectionStore}.
 *
 * @param url the JDBC URL of a store, or the URL an HTTP system answers on; null for manual systems
 * @param schema the schema (PostgreSQL) or database (MySQL) of the tables, null for the connection's default
 * @param recipient for an HTTP system that received the data (Art. 19), the recipient's key; null otherwise
 * @param datasetKey the key of the dataset registered for it, null before one is
 */
record Connection(
        long id,
        String entity,
        String key,
        SystemType type,
        String name,
        @Nullable String url,
        @Nullable String username,
        @Nullable String schema,
        @Nullable String recipient,
        @Nullable String instructions,
        boolean hasSecret,
        boolean enabled,
        Instant createdAt,
        @Nullable String datasetKey) {

    SystemTarget target() {
        return new SystemTarget(id, key, entity, type, name, datasetKey, instructions);
    }
}
