package io.custodia.server.taxonomy;

import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.StaffDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Test data for the taxonomy tests: entities and staff members with unique names, since every test class of the
 * JVM shares one database that is never reset.
 */
final class TaxonomyFixtures {
    static final String PASSWORD = "taxonomy-test-password";

    private TaxonomyFixtures() {}

    /** A new entity with a unique code such as {@code TX3F9A}. */
    static String newEntity(Entities entities) {
        String code = "TX"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase(Locale.ROOT);
        entities.create(new GroupEntity(code, "Test company " + code, "fr", ZoneId.of("Europe/Paris"), "FR"));
        return code;
    }

    /** A new staff member with the roles over the entities (none: the whole group); answers its Basic header. */
    static String newStaff(StaffDirectory directory, Set<Role> roles, List<String> entities) {
        String username = "tx-" + UUID.randomUUID().toString().substring(0, 13);
        directory.create(username, "Taxonomy tester", PASSWORD, roles, entities.isEmpty(), entities);
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A unique key segment, for keys that no other test uses. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    static String resource(String path) {
        try (InputStream in = Objects.requireNonNull(TaxonomyFixtures.class.getResourceAsStream(path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
