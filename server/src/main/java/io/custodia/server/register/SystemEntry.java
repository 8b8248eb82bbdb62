package io.custodia.server.register;

import org.jspecify.annotations.Nullable;

/**
 * A system of an entity that processes personal data (an application, a platform, a data store).
 *
 * @param key entity-unique key: lower case, digits and {@code . _ -}
 * @param ownerTeam the team answerable for it
 * @param hostingCountry ISO 3166-1 alpha-2 code of where it runs
 */
public record SystemEntry(
        String entity,
        String key,
        String name,
        @Nullable String description,
        @Nullable String ownerTeam,
        @Nullable String hostingCountry) {}
