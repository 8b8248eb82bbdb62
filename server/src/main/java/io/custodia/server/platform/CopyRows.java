package io.custodia.server.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in its text format, written into the caller's transaction: the
 * fastest way to append many rows. Fill the rows with the typed methods, end each with {@link #endRow()}, then
 * {@link #copyInto}. Not thread-safe; one instance per batch.
 *
 * <p>COPY runs on the connection of the current Spring transaction, so the rows commit or roll back with the rest of
 * the caller's work. Constraints, indexes and triggers apply as for {@code INSERT}.
 */
public final class CopyRows {
    private static final HexFormat HEX = HexFormat.of();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private final StringBuilder row = new StringBuilder(256);
    private boolean firstColumn = true;
    private int rows;

    /** A text column, or SQL null. */
    public CopyRows text(@Nullable String value) {
        separate();
        if (value == null) {
            row.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    /** A uuid column, or SQL null. */
    public CopyRows uuid(@Nullable UUID value) {
        separate();
        row.append(value == null ? "\\N" : value.toString());
        return this;
    }

    /** An integer or bigint column. */
    public CopyRows number(long value) {
        separate();
        row.append(value);
        return this;
    }

    /** A boolean column. */
    public CopyRows bool(boolean value) {
        separate();
        row.append(value ? 't' : 'f');
        return this;
    }

    /** A timestamptz column (ISO-8601 in UTC), or SQL null. */
    public CopyRows instant(@Nullable Instant value) {
        separate();
        row.append(value == null ? "\\N" : value.toString());
        return this;
    }

    /** A bytea column. */
    public CopyRows bytes(byte[] value) {
        separate();
        // bytea's hex input form, \x..., whose backslash COPY's text format needs escaped.
        row.append("\\\\x").append(HEX.formatHex(value));
        return this;
    }

    /** A text[] column. */
    public CopyRows textArray(Collection<String> values) {
        separate();
        StringBuilder array = new StringBuilder("{");
        boolean first = true;
        for (String value : values) {
            if (!first) {
                array.append(',');
            }
            first = false;
            array.append('"');
            for (int index = 0; index < value.length(); index++) {
                char character = value.charAt(index);
                if (character == '"' || character == '\\') {
                    array.append('\\');
                }
                array.append(character);
            }
            array.append('"');
        }
        escape(array.append('}').toString());
        return this;
    }

    /** Ends the current row. */
    public CopyRows endRow() {
        row.append('\n');
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
        row.setLength(0);
        firstColumn = true;
        rows++;
        return this;
    }

    /** How many rows are ready. */
    public int size() {
        return rows;
    }

    /**
     * Copies the rows into a table on the current transaction's connection and empties this buffer.
     *
     * @param table the table and its columns in row order, such as {@code subject (id, entity_code)}
     * @return the number of rows copied
     */
    public long copyInto(DataSource dataSource, String table) {
        if (rows == 0) {
            return 0;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            InputStream rowsIn = new java.io.ByteArrayInputStream(buffer.toByteArray());
            long copied = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy " + table + " from stdin", rowsIn, 1 << 16);
            buffer.reset();
            rows = 0;
            return copied;
        } catch (SQLException e) {
            DataAccessException translated =
                    new SQLErrorCodeSQLExceptionTranslator(dataSource).translate("COPY " + table, null, e);
            throw translated != null ? translated : new DataAccessResourceFailureException("COPY failed", e);
        } catch (IOException e) {
            throw new DataAccessResourceFailureException("COPY into " + table + " failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void separate() {
        if (!firstColumn) {
            row.append('\t');
        }
        firstColumn = false;
    }

    private void escape(String value) {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            switch (character) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(character);
            }
        }
    }
}
