package io.custodia.server.register;

import io.custodia.core.register.Recipient;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.register.RecipientStatus;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The systems, datasets and recipients of each entity, in PostgreSQL. Callers check the entity scope.
 *
 * <p>{@code replace} upserts by (entity, key), for imports; {@code insert} fails on an existing key.
 */
@Repository
class StoredCatalog {
    private final JdbcClient jdbc;

    StoredCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SystemEntry> systems(Collection<String> entityCodes) {
        if (entityCodes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select entity_code, key, name, description, owner_team, hosting_country from register_system
                        where entity_code in (:entities) order by entity_code, key""")
                .param("entities", entityCodes)
                .query((rs, row) -> new SystemEntry(
                        rs.getString("entity_code"),
                        rs.getString("key"),
                        rs.getString("name"),
                        rs.getString("description"),
                        rs.getString("owner_team"),
                        rs.getString("hosting_country")))
                .list();
    }

    List<DatasetEntry> datasets(Collection<String> entityCodes) {
        if (entityCodes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select entity_code, key, name, system_key, data_categories, retention_note
                        from register_dataset where entity_code in (:entities) order by entity_code, key""")
                .param("entities", entityCodes)
                .query((rs, row) -> new DatasetEntry(
                        rs.getString("entity_code"),
                        rs.getString("key"),
                        rs.getString("name"),
                        rs.getString("system_key"),
                        texts(rs.getArray("data_categories")),
                        rs.getString("retention_note")))
                .list();
    }

    List<RecipientEntry> recipients(Collection<String> entityCodes) {
        if (entityCodes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select entity_code, key, name, role, country, dpa_reference, dpa_expires_on, status, dpf_certified
                        from register_recipient where entity_code in (:entities) order by entity_code, key""")
                .param("entities", entityCodes)
                .query((rs, row) -> new RecipientEntry(
                        rs.getString("entity_code"),
                        rs.getString("key"),
                        rs.getString("name"),
                        rs.getString("role"),
                        rs.getString("country"),
                        rs.getString("dpa_reference"),
                        rs.getObject("dpa_expires_on", LocalDate.class),
                        rs.getString("status"),
                        rs.getBoolean("dpf_certified")))
                .list();
    }

    List<Recipient> recipientsOf(String entityCode) {
        return recipients(List.of(entityCode)).stream()
                .map(StoredCatalog::recipient)
                .toList();
    }

    boolean exists(String table, String entityCode, String key) {
        String sql =
                switch (table) {
                    case "system" -> "select count(*) from register_system where entity_code = ? and key = ?";
                    case "dataset" -> "select count(*) from register_dataset where entity_code = ? and key = ?";
                    case "recipient" -> "select count(*) from register_recipient where entity_code = ? and key = ?";
                    default -> throw new IllegalArgumentException("No catalog table " + table);
                };
        return jdbc.sql(sql).params(entityCode, key).query(Long.class).single() > 0;
    }

    void saveSystem(SystemEntry system, Instant now, boolean replace) {
        jdbc.sql("""
                        insert into register_system (entity_code, key, name, description, owner_team, hosting_country,
                                                     created_at)
                        values (:entity, :key, :name, :description, :ownerTeam, :hostingCountry, :now)""" + (replace ? """
                                 on conflict (entity_code, key) do update set name = excluded.name,
                                   description = excluded.description, owner_team = excluded.owner_team,
                                   hosting_country = excluded.hosting_country""" : ""))
                .param("entity", system.entity())
                .param("key", system.key())
                .param("name", system.name())
                .param("description", system.description())
                .param("ownerTeam", system.ownerTeam())
                .param("hostingCountry", system.hostingCountry())
                .param("now", timestamp(now))
                .update();
    }

    void saveDataset(DatasetEntry dataset, Instant now, boolean replace) {
        jdbc.sql("""
                        insert into register_dataset (entity_code, key, name, system_key, data_categories,
                                                      retention_note, created_at)
                        values (:entity, :key, :name, :system, string_to_array(:categories, ','), :retentionNote, :now)""" + (replace ? """
                                 on conflict (entity_code, key) do update set name = excluded.name,
                                   system_key = excluded.system_key, data_categories = excluded.data_categories,
                                   retention_note = excluded.retention_note""" : ""))
                .param("entity", dataset.entity())
                .param("key", dataset.key())
                .param("name", dataset.name())
                .param("system", dataset.system())
                .param("categories", String.join(",", dataset.dataCategories()))
                .param("retentionNote", dataset.retentionNote())
                .param("now", timestamp(now))
                .update();
    }

    void saveRecipient(RecipientEntry recipient, Instant now, boolean replace) {
        jdbc.sql("""
                        insert into register_recipient (entity_code, key, name, role, country, dpa_reference,
                                                        dpa_expires_on, status, dpf_certified, created_at)
                        values (:entity, :key, :name, :role, :country, :dpaReference, :dpaExpiresOn, :status,
                                :dpfCertified, :now)""" + (replace ? """
                                 on conflict (entity_code, key) do update set name = excluded.name,
                                   role = excluded.role, country = excluded.country,
                                   dpa_reference = excluded.dpa_reference, dpa_expires_on = excluded.dpa_expires_on,
                                   status = excluded.status, dpf_certified = excluded.dpf_certified""" : ""))
                .param("entity", recipient.entity())
                .param("key", recipient.key())
                .param("name", recipient.name())
                .param("role", recipient.role())
                .param("country", recipient.country())
                .param("dpaReference", recipient.dpaReference())
                .param("dpaExpiresOn", recipient.dpaExpiresOn())
                .param("status", recipient.status())
                .param("dpfCertified", recipient.dpfCertified())
                .param("now", timestamp(now))
                .update();
    }

    /** The core value of a stored recipient; stored role and status are always known keys. */
    static Recipient recipient(RecipientEntry entry) {
        return new Recipient(
                entry.key(),
                entry.name(),
                RecipientRole.find(entry.role()).orElseThrow(),
                entry.country(),
                entry.dpaReference(),
                entry.dpaExpiresOn(),
                RecipientStatus.find(entry.status()).orElseThrow(),
                entry.dpfCertified());
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static List<String> texts(@Nullable Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }
}
