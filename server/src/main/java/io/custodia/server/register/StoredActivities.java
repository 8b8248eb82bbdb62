package io.custodia.server.register;

import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/**
 * Processing activities in PostgreSQL: the draft as a JSONB document, and beside it the keys lists filter on.
 * Callers check the entity scope and the rules.
 */
@Repository
class StoredActivities {
    private static final String COLUMNS =
            "id, entity_code, status, status_reason, version, content::text as content, created_at, updated_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final RowMapper<ActivityView> rows;

    StoredActivities(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, row) -> new ActivityView(
                rs.getObject("id", UUID.class),
                rs.getString("entity_code"),
                rs.getString("status"),
                rs.getString("status_reason"),
                rs.getLong("version"),
                json.readValue(rs.getString("content"), ActivityDraft.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                List.of());
    }

    /**
     * The activities of these entities that match the filter, by entity then name.
     *
     * @param entityCodes the entities to search; empty finds nothing
     */
    List<ActivityView> list(Collection<String> entityCodes, ActivityFilter filter) {
        if (entityCodes.isEmpty()) {
            return List.of();
        }
        List<String> conditions = new ArrayList<>(List.of("entity_code in (:entities)"));
        Map<String, Object> params = new HashMap<>(Map.of("entities", entityCodes));
        if (filter.status() != null) {
            conditions.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.purpose() != null) {
            conditions.add("purpose_keys @> array[cast(:purpose as text)]");
            params.put("purpose", filter.purpose());
        }
        if (filter.dataCategory() != null) {
            conditions.add("data_category_keys @> array[cast(:dataCategory as text)]");
            params.put("dataCategory", filter.dataCategory());
        }
        if (filter.recipient() != null) {
            conditions.add("recipient_keys @> array[cast(:recipient as text)]");
            params.put("recipient", filter.recipient());
        }
        if (filter.text() != null) {
            conditions.add("name ilike :text escape '\\'");
            params.put("text", "%" + filter.text().replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        return jdbc.sql("select " + COLUMNS + " from register_activity where " + String.join(" and ", conditions)
                        + " order by entity_code, lower(name), id")
                .params(params)
                .query(rows)
                .list();
    }

    Optional<ActivityView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from register_activity where id = ?")
                .param(id)
                .query(rows)
                .optional();
    }

    /** The activity, locked until the end of the transaction. */
    Optional<ActivityView> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from register_activity where id = ? for update")
                .param(id)
                .query(rows)
                .optional();
    }

    void insert(UUID id, String entityCode, ActivityStatus status, ActivityDraft draft, Instant now) {
        jdbc.sql("""
                        insert into register_activity (id, entity_code, name, status, version, content, purpose_keys,
                                                       data_category_keys, recipient_keys, created_at, updated_at)
                        values (:id, :entity, :name, :status, 1, cast(:content as jsonb),
                                string_to_array(:purposes, ','), string_to_array(:categories, ','),
                                string_to_array(:recipients, ','), :now, :now)""")
                .param("id", id)
                .param("entity", entityCode)
                .param("status", status.key())
                .params(contentParams(draft))
                .param("now", StoredCatalog.timestamp(now))
                .update();
    }

    /** Replaces the content and status, and moves the version on by one. */
    void update(UUID id, ActivityStatus status, @Nullable String statusReason, ActivityDraft draft, Instant now) {
        jdbc.sql("""
                        update register_activity set name = :name, status = :status, status_reason = :reason,
                               version = version + 1, content = cast(:content as jsonb),
                               purpose_keys = string_to_array(:purposes, ','),
                               data_category_keys = string_to_array(:categories, ','),
                               recipient_keys = string_to_array(:recipients, ','), updated_at = :now
                        where id = :id""")
                .param("id", id)
                .param("status", status.key())
                .param("reason", statusReason)
                .params(contentParams(draft))
                .param("now", StoredCatalog.timestamp(now))
                .update();
    }

    private Map<String, Object> contentParams(ActivityDraft draft) {
        // Keys never contain commas (taxonomy keys and catalog keys are checked), so a joined list is safe.
        return Map.of(
                "name", draft.name(),
                "content", json.writeValueAsString(draft),
                "purposes",
                        String.join(
                                ",",
                                draft.purposes().stream()
                                        .map(ActivityDraft.PurposeUse::key)
                                        .toList()),
                "categories", String.join(",", draft.dataCategories()),
                "recipients", String.join(",", draft.recipients()));
    }
}
