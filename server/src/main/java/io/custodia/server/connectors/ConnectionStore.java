package io.custodia.server.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code connection} and {@code connection_dataset} tables. Callers check entity scopes and roles. */
@Repository
class ConnectionStore {
    private static final String SELECT = """
            select c.id, c.entity_code, c.key, c.type, c.name, c.url, c.username, c.schema_name, c.recipient,
                   c.instructions, c.secret is not null as has_secret, c.enabled, c.created_at, d.dataset_key
            from connection c left join connection_dataset d on d.connection_id = c.id
            """;

    private final JdbcClient jdbc;

    ConnectionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An id for a connection about to be inserted, known before so that its secret can be sealed for it. */
    long nextId() {
        return jdbc.sql("select nextval('connection_id_seq')").query(Long.class).single();
    }

    void insert(Connection connection, byte[] sealedSecret, String createdBy) {
        jdbc.sql("""
                        insert into connection (id, entity_code, key, type, name, url, username, schema_name,
                                                recipient, instructions, secret, enabled, created_at, created_by)
                        values (:id, :entity, :key, :type, :name, :url, :username, :schema, :recipient,
                                :instructions, :secret, true, :createdAt, :createdBy)""")
                .param("id", connection.id())
                .param("entity", connection.entity())
                .param("key", connection.key())
                .param("type", connection.type().key())
                .param("name", connection.name())
                .param("url", connection.url())
                .param("username", connection.username())
                .param("schema", connection.schema())
                .param("recipient", connection.recipient())
                .param("instructions", connection.instructions())
                .param("secret", sealedSecret.length == 0 ? null : sealedSecret)
                .param("createdAt", OffsetDateTime.ofInstant(connection.createdAt(), ZoneOffset.UTC))
                .param("createdBy", createdBy)
                .update();
    }

    boolean exists(String entity, String key) {
        return jdbc.sql("select count(*) from connection where entity_code = ? and key = ?")
                        .params(entity, key)
                        .query(Long.class)
                        .single()
                > 0;
    }

    Optional<Connection> find(String entity, String key) {
        return jdbc.sql(SELECT + " where c.entity_code = ? and c.key = ?")
                .params(entity, key)
                .query(ConnectionStore::connection)
                .optional();
    }

    Optional<Connection> find(long id) {
        return jdbc.sql(SELECT + " where c.id = ?")
                .params(id)
                .query(ConnectionStore::connection)
                .optional();
    }

    /** Every connection, disabled ones included, by entity then key. */
    List<Connection> all() {
        return jdbc.sql(SELECT + " order by c.entity_code, c.key")
                .query(ConnectionStore::connection)
                .list();
    }

    /** The enabled connections of an entity, by key. */
    List<Connection> enabled(String entity) {
        return jdbc.sql(SELECT + " where c.entity_code = ? and c.enabled order by c.key")
                .params(entity)
                .query(ConnectionStore::connection)
                .list();
    }

    /** The enabled HTTP connections of every entity with this key: the candidates for a callback. */
    List<Connection> enabledHttp(String key) {
        return jdbc.sql(SELECT + " where c.key = ? and c.type = 'http' and c.enabled order by c.id")
                .params(key)
                .query(ConnectionStore::connection)
                .list();
    }

    Optional<byte[]> secret(long id) {
        return jdbc.sql("select secret from connection where id = ? and secret is not null")
                .params(id)
                .query((rs, row) -> rs.getBytes(1))
                .optional();
    }

    /** @return whether the connection was enabled until now */
    boolean disable(long id, Instant at) {
        return jdbc.sql("update connection set enabled = false, disabled_at = ? where id = ? and enabled")
                        .params(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), id)
                        .update()
                > 0;
    }

    /** Whether another connection of the entity has a dataset of this key. */
    boolean datasetKeyTaken(String entity, String datasetKey, long connectionId) {
        return jdbc.sql("""
                                select count(*) from connection_dataset
                                where entity_code = ? and dataset_key = ? and connection_id <> ?""")
                        .params(entity, datasetKey, connectionId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Registers the connection's dataset, replacing the one it had. */
    void saveDataset(RegisteredDataset dataset, String registeredBy) {
        jdbc.sql("delete from connection_dataset where connection_id = ?")
                .params(dataset.connectionId())
                .update();
        jdbc.sql("""
                        insert into connection_dataset (connection_id, entity_code, dataset_key, source_format,
                            document, collections, fields, warnings, registered_at, registered_by)
                        values (:connection, :entity, :key, :format, :document, :collections, :fields, :warnings,
                                :registeredAt, :registeredBy)""")
                .param("connection", dataset.connectionId())
                .param("entity", dataset.entity())
                .param("key", dataset.datasetKey())
                .param("format", dataset.sourceFormat())
                .param("document", dataset.document())
                .param("collections", dataset.collections())
                .param("fields", dataset.fields())
                .param("warnings", String.join("\n", dataset.warnings()))
                .param("registeredAt", OffsetDateTime.ofInstant(dataset.registeredAt(), ZoneOffset.UTC))
                .param("registeredBy", registeredBy)
                .update();
    }

    Optional<RegisteredDataset> dataset(long connectionId) {
        return jdbc.sql(DATASETS + " where d.connection_id = ?")
                .params(connectionId)
                .query(ConnectionStore::dataset)
                .optional();
    }

    /** Every registered dataset, by entity then key. */
    List<RegisteredDataset> datasets() {
        return jdbc.sql(DATASETS + " order by d.entity_code, d.dataset_key")
                .query(ConnectionStore::dataset)
                .list();
    }

    private static final String DATASETS = """
            select d.connection_id, d.entity_code, c.key as connection_key, d.dataset_key, d.source_format,
                   d.document, d.collections, d.fields, d.warnings, d.registered_at
            from connection_dataset d join connection c on c.id = d.connection_id
            """;

    private static Connection connection(ResultSet rs, int row) throws SQLException {
        return new Connection(
                rs.getLong("id"),
                rs.getString("entity_code"),
                rs.getString("key"),
                SystemType.of(rs.getString("type")).orElseThrow(),
                rs.getString("name"),
                rs.getString("url"),
                rs.getString("username"),
                rs.getString("schema_name"),
                rs.getString("recipient"),
                rs.getString("instructions"),
                rs.getBoolean("has_secret"),
                rs.getBoolean("enabled"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("dataset_key"));
    }

    private static RegisteredDataset dataset(ResultSet rs, int row) throws SQLException {
        String warnings = rs.getString("warnings");
        return new RegisteredDataset(
                rs.getLong("connection_id"),
                rs.getString("entity_code"),
                rs.getString("connection_key"),
                rs.getString("dataset_key"),
                rs.getString("source_format"),
                rs.getString("document"),
                rs.getInt("collections"),
                rs.getInt("fields"),
                warnings.isEmpty() ? List.of() : Arrays.asList(warnings.split("\n")),
                rs.getObject("registered_at", OffsetDateTime.class).toInstant());
    }
}
