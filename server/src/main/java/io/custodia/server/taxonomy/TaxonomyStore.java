package io.custodia.server.taxonomy;

import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The taxonomy terms in PostgreSQL. */
@Repository
class TaxonomyStore {
    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};
    private static final String COLUMNS = "kind, term_key, entity_code, names, descriptions, dpv, special";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    TaxonomyStore(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Serialises taxonomy writers until the end of the transaction, so that the rules are checked against the
     * taxonomy as it will be when the writer commits.
     */
    void lock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('custodia.taxonomy'))")
                .query((rs, row) -> row)
                .list();
    }

    boolean isEmpty() {
        return jdbc.sql("select not exists (select 1 from taxonomy_term)")
                .query(Boolean.class)
                .single();
    }

    /** Every term of every entity. */
    List<Term> all() {
        return jdbc.sql("select " + COLUMNS + " from taxonomy_term order by kind, term_key, entity_code nulls first")
                .query(this::term)
                .list();
    }

    /** The group's terms of a kind and, when an entity is given, that entity's own, sorted by key. */
    List<Term> visible(TermKind kind, @Nullable String entityCode) {
        return jdbc.sql("select " + COLUMNS + """
                         from taxonomy_term
                        where kind = :kind and (entity_code is null or entity_code = :entity)
                        order by term_key""")
                .param("kind", kind.name())
                .param("entity", entityCode)
                .query(this::term)
                .list();
    }

    /** Only the terms an entity added, or only the group's when the entity is null. */
    List<Term> owned(@Nullable String entityCode) {
        return jdbc.sql("select " + COLUMNS + """
                         from taxonomy_term
                        where entity_code is not distinct from :entity
                        order by kind, term_key""")
                .param("entity", entityCode)
                .query(this::term)
                .list();
    }

    void insert(Term term) {
        jdbc.sql("""
                        insert into taxonomy_term (kind, term_key, entity_code, names, descriptions, dpv, special,
                                                   created_at, updated_at)
                        values (:kind, :key, :entity, cast(:names as jsonb), cast(:descriptions as jsonb), :dpv,
                                :special, :now, :now)""")
                .param("kind", term.kind().name())
                .param("key", term.key().value())
                .param("entity", term.entityCode())
                .param("names", texts(term.names()))
                .param("descriptions", texts(term.descriptions()))
                .param("dpv", term.dpv())
                .param("special", term.special())
                .param("now", now())
                .update();
    }

    void update(Term term) {
        int rows = jdbc.sql("""
                        update taxonomy_term
                           set names = cast(:names as jsonb), descriptions = cast(:descriptions as jsonb),
                               dpv = :dpv, special = :special, updated_at = :now
                         where kind = :kind and term_key = :key and entity_code is not distinct from :entity""")
                .param("kind", term.kind().name())
                .param("key", term.key().value())
                .param("entity", term.entityCode())
                .param("names", texts(term.names()))
                .param("descriptions", texts(term.descriptions()))
                .param("dpv", term.dpv())
                .param("special", term.special())
                .param("now", now())
                .update();
        if (rows != 1) {
            throw new IllegalStateException("Taxonomy term " + term.kind() + " " + term.key() + " vanished");
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private String texts(Map<String, String> texts) {
        return json.writeValueAsString(new TreeMap<>(texts));
    }

    private Term term(ResultSet rs, int row) throws SQLException {
        return new Term(
                TermKind.valueOf(rs.getString("kind")),
                TermKey.of(rs.getString("term_key")),
                json.readValue(rs.getString("names"), TEXTS),
                json.readValue(rs.getString("descriptions"), TEXTS),
                rs.getString("dpv"),
                rs.getBoolean("special"),
                rs.getString("entity_code"));
    }
}
