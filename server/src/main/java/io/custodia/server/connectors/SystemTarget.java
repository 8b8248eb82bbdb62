package io.custodia.server.connectors;

import org.jspecify.annotations.Nullable;

/**
 * A system of the company where a customer's data lives, as registered for an entity.
 *
 * @param id the connection's database id
 * @param key the connection's key, unique within the entity
 * @param entity the code of the group entity that owns the system
 * @param datasetKey the dataset registered for the system, if any
 * @param instructions what a person must do by hand, for manual systems
 */
public record SystemTarget(
        long id,
        String key,
        String entity,
        SystemType type,
        String name,
        @Nullable String datasetKey,
        @Nullable String instructions) {}
