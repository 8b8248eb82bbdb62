package io.custodia.server.notices;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Notices and their versions in PostgreSQL. Callers check the entity scope and the rules; a database trigger
 * refuses any change to a published version.
 */
@Repository
class StoredNotices {
    private static final TypeReference<Map<String, NoticeText>> TEXTS = new TypeReference<>() {};
    private static final String COLUMNS = "entity_code, notice_key, version, status, purposes, channels,"
            + " texts::text as texts, material, content_hash, created_at, updated_at, published_at, published_by";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    StoredNotices(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Serialises the notice writers of one entity until the end of the transaction, so that version numbers and
     * the one-notice-per-purpose rule are checked against what will be there at commit.
     */
    void lock(String entityCode) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('custodia.notices.' || ?))")
                .param(entityCode)
                .query((rs, row) -> row)
                .list();
    }

    boolean exists(String entityCode, String key) {
        return jdbc.sql("select exists (select 1 from notice where entity_code = ? and key = ?)")
                .params(entityCode, key)
                .query(Boolean.class)
                .single();
    }

    Optional<Instant> createdAt(String entityCode, String key) {
        return jdbc.sql("select created_at from notice where entity_code = ? and key = ?")
                .params(entityCode, key)
                .query((rs, row) -> instant(rs, "created_at"))
                .optional();
    }

    void insertNotice(String entityCode, String key, Instant now) {
        jdbc.sql("insert into notice (entity_code, key, created_at) values (?, ?, ?)")
                .params(entityCode, key, timestamp(now))
                .update();
    }

    /** A notice's versions, oldest first. */
    List<NoticeVersionView> versions(String entityCode, String key) {
        return jdbc.sql("select " + COLUMNS
                        + " from notice_version where entity_code = ? and notice_key = ? order by version")
                .params(entityCode, key)
                .query(this::version)
                .list();
    }

    Optional<NoticeVersionView> version(String entityCode, String key, int version) {
        return jdbc.sql("select " + COLUMNS
                        + " from notice_version where entity_code = ? and notice_key = ? and version = ?")
                .params(entityCode, key, version)
                .query(this::version)
                .optional();
    }

    /** What folding consent needs of one published version: no texts. */
    record PublishedFacts(String key, int version, List<String> purposes, boolean material) {}

    /** The published versions of an entity's notices without their texts, by notice then version. */
    List<PublishedFacts> publishedFacts(String entityCode) {
        return jdbc.sql("""
                        select notice_key, version, purposes, material from notice_version
                         where entity_code = ? and status = 'published'
                         order by notice_key, version""")
                .param(entityCode)
                .query((rs, row) -> new PublishedFacts(
                        rs.getString("notice_key"),
                        rs.getInt("version"),
                        texts(rs.getArray("purposes")),
                        rs.getBoolean("material")))
                .list();
    }

    /** The published version that explains a purpose, by number. */
    Optional<NoticeVersionView> published(String entityCode, String purpose, int version) {
        return jdbc.sql("select " + COLUMNS + """
                         from notice_version
                        where entity_code = ? and status = 'published' and version = ?
                          and purposes @> array[cast(? as text)]""")
                .params(entityCode, version, purpose)
                .query(this::version)
                .optional();
    }

    /** The latest published version that explains a purpose. */
    Optional<NoticeVersionView> latestPublished(String entityCode, String purpose) {
        return jdbc.sql("select " + COLUMNS + """
                         from notice_version
                        where entity_code = ? and status = 'published' and purposes @> array[cast(? as text)]
                        order by version desc limit 1""")
                .params(entityCode, purpose)
                .query(this::version)
                .optional();
    }

    /** The latest version of each notice of these entities, with what the list shows. */
    List<NoticeSummary> summaries(Collection<String> entityCodes) {
        if (entityCodes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select n.entity_code, n.key, latest.version, latest.status,
                               (select array_agg(p.purpose_key order by p.purpose_key) from notice_purpose p
                                 where p.entity_code = n.entity_code and p.notice_key = n.key) as purposes,
                               published.version as published_version, published.published_at
                          from notice n
                          join lateral (select v.version, v.status from notice_version v
                                         where v.entity_code = n.entity_code and v.notice_key = n.key
                                         order by v.version desc limit 1) latest on true
                          left join lateral (select v.version, v.published_at from notice_version v
                                              where v.entity_code = n.entity_code and v.notice_key = n.key
                                                and v.status = 'published'
                                              order by v.version desc limit 1) published on true
                         where n.entity_code in (:entities)
                         order by n.entity_code, n.key""")
                .param("entities", entityCodes)
                .query((rs, row) -> new NoticeSummary(
                        rs.getString("key"),
                        rs.getString("entity_code"),
                        texts(rs.getArray("purposes")),
                        rs.getInt("version"),
                        rs.getString("status"),
                        (Integer) rs.getObject("published_version"),
                        rs.getObject("published_at") == null ? null : instant(rs, "published_at")))
                .list();
    }

    /** The purposes of an entity held by a notice, each with the key of the notice holding it. */
    Map<String, String> holders(String entityCode) {
        Map<String, String> holders = new TreeMap<>();
        jdbc.sql("select purpose_key, notice_key from notice_purpose where entity_code = ?")
                .param(entityCode)
                .query(rs -> {
                    holders.put(rs.getString("purpose_key"), rs.getString("notice_key"));
                });
        return holders;
    }

    /** Makes a notice hold exactly these purposes. */
    void hold(String entityCode, String key, Collection<String> purposes) {
        jdbc.sql("delete from notice_purpose where entity_code = ? and notice_key = ?")
                .params(entityCode, key)
                .update();
        for (String purpose : purposes) {
            jdbc.sql("insert into notice_purpose (entity_code, purpose_key, notice_key) values (?, ?, ?)")
                    .params(entityCode, purpose, key)
                    .update();
        }
    }

    void insertDraft(String entityCode, String key, int version, NoticeDraft content, String hash, Instant now) {
        jdbc.sql("""
                        insert into notice_version (entity_code, notice_key, version, status, purposes, channels, texts,
                                                    material, content_hash, created_at, updated_at)
                        values (:entity, :key, :version, 'draft', string_to_array(:purposes, ','),
                                string_to_array(:channels, ','), cast(:texts as jsonb), false, :hash, :now, :now)""")
                .param("entity", entityCode)
                .param("key", key)
                .param("version", version)
                .params(contentParams(content, hash))
                .param("now", timestamp(now))
                .update();
    }

    void updateDraft(String entityCode, String key, int version, NoticeDraft content, String hash, Instant now) {
        jdbc.sql("""
                        update notice_version set purposes = string_to_array(:purposes, ','),
                               channels = string_to_array(:channels, ','), texts = cast(:texts as jsonb),
                               content_hash = :hash, updated_at = :now
                         where entity_code = :entity and notice_key = :key and version = :version
                           and status = 'draft'""")
                .param("entity", entityCode)
                .param("key", key)
                .param("version", version)
                .params(contentParams(content, hash))
                .param("now", timestamp(now))
                .update();
    }

    void publish(String entityCode, String key, int version, boolean material, String actor, Instant now) {
        jdbc.sql("""
                        update notice_version set status = 'published', material = :material, published_at = :now,
                               published_by = :actor, updated_at = :now
                         where entity_code = :entity and notice_key = :key and version = :version
                           and status = 'draft'""")
                .param("entity", entityCode)
                .param("key", key)
                .param("version", version)
                .param("material", material)
                .param("actor", actor)
                .param("now", timestamp(now))
                .update();
    }

    private Map<String, Object> contentParams(NoticeDraft content, String hash) {
        // Purpose keys and channels are checked before they get here and never contain commas.
        return Map.of(
                "purposes", String.join(",", content.purposes()),
                "channels", String.join(",", content.channels()),
                "texts", json.writeValueAsString(new TreeMap<>(content.texts())),
                "hash", hash);
    }

    private NoticeVersionView version(ResultSet rs, int row) throws SQLException {
        String entity = rs.getString("entity_code");
        String key = rs.getString("notice_key");
        int number = rs.getInt("version");
        String status = rs.getString("status");
        boolean published = NoticeVersionView.PUBLISHED.equals(status);
        return new NoticeVersionView(
                key,
                entity,
                number,
                status,
                texts(rs.getArray("purposes")),
                texts(rs.getArray("channels")),
                json.readValue(rs.getString("texts"), TEXTS),
                rs.getBoolean("material"),
                rs.getString("content_hash"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                published ? instant(rs, "published_at") : null,
                published ? rs.getString("published_by") : null,
                published ? publicPath(entity, key, number) : null);
    }

    /** The path of the public page showing a published version's text. */
    static String publicPath(String entityCode, String key, int version) {
        return UriComponentsBuilder.fromPath("/notices/{entity}/{key}/{version}")
                .buildAndExpand(entityCode, key, version)
                .encode()
                .toUriString();
    }

    private static List<String> texts(@Nullable Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
