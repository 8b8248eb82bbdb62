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
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
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
    private static final int SEND_AT = 1 << 18;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private final StringBuilder row = new StringBuilder(256);
    private boolean firstColumn = true;
    private int rows;
    private @Nullable Streaming streaming;

    /** Rows gathered in memory, copied by {@link #copyInto}. */
    public CopyRows() {}

    /**
     * Rows sent to the server as they are written, so that PostgreSQL stores the first rows while the caller makes
     * the next ones. Until {@link #finish()}, the transaction's connection is busy with the copy and can run no
     * other statement; on failure, call {@link #cancel()}.
     *
     * @param table the table and its columns in row order
     */
    public static CopyRows streaming(DataSource dataSource, String table) {
        CopyRows copy = new CopyRows();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            copy.streaming = new Streaming(
                    dataSource,
                    connection,
                    table,
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin"));
            return copy;
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw translate(dataSource, table, e);
        }
    }

    private record Streaming(DataSource dataSource, Connection connection, String table, CopyIn copy) {}

    /**
     * Sends the last rows of a {@link #streaming} copy and ends it.
     *
     * @return the number of rows copied
     */
    public long finish() {
        Streaming open = Objects.requireNonNull(streaming, "not a streaming copy");
        try {
            send(open);
            return open.copy().endCopy();
        } catch (SQLException e) {
            throw translate(open.dataSource(), open.table(), e);
        } finally {
            streaming = null;
            DataSourceUtils.releaseConnection(open.connection(), open.dataSource());
        }
    }

    /** Abandons a {@link #streaming} copy, so that the connection can be used again; nothing it sent is kept. */
    public void cancel() {
        Streaming open = streaming;
        if (open == null) {
            return;
        }
        streaming = null;
        try {
            if (open.copy().isActive()) {
                open.copy().cancelCopy();
            }
        } catch (SQLException e) {
            // The transaction is being abandoned anyway; the copy's own error is the one worth reporting.
        } finally {
            DataSourceUtils.releaseConnection(open.connection(), open.dataSource());
        }
    }

    private void send(Streaming open) throws SQLException {
        if (buffer.size() > 0) {
            byte[] bytes = buffer.toByteArray();
            open.copy().writeToCopy(bytes, 0, bytes.length);
            buffer.reset();
        }
    }

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
        Streaming open = streaming;
        if (open != null && buffer.size() >= SEND_AT) {
            try {
                send(open);
            } catch (SQLException e) {
                cancel();
                throw translate(open.dataSource(), open.table(), e);
            }
        }
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
            throw translate(dataSource, table, e);
        } catch (IOException e) {
            throw new DataAccessResourceFailureException("COPY into " + table + " failed", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static boolean plain(String value) {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            if (character == '\\' || character == '\t' || character == '\n' || character == '\r') {
                return false;
            }
        }
        return true;
    }

    private static DataAccessException translate(DataSource dataSource, String table, SQLException e) {
        DataAccessException translated =
                new SQLErrorCodeSQLExceptionTranslator(dataSource).translate("COPY " + table, null, e);
        return translated != null ? translated : new DataAccessResourceFailureException("COPY failed", e);
    }

    private void separate() {
        if (!firstColumn) {
            row.append('\t');
        }
        firstColumn = false;
    }

    private void escape(String value) {
        if (plain(value)) {
            row.append(value);
            return;
        }
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
