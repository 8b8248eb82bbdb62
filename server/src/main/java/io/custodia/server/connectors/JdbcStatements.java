package io.custodia.server.connectors;

import io.custodia.core.dataset.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs the parameterised statements of a {@link io.custodia.core.dataset.SqlPlan} on one JDBC connection, each with
 * a timeout, so that a slow store fails the step instead of holding a request.
 */
final class JdbcStatements {
    private JdbcStatements() {}

    /**
     * The rows the SELECTs return, each a map from column label to value, in the order returned; dates and times
     * as {@code java.time} values.
     */
    static List<Map<String, @Nullable Object>> query(
            Connection connection, List<SqlStatement> statements, int timeoutSeconds) throws SQLException {
        List<Map<String, @Nullable Object>> rows = new ArrayList<>();
        for (SqlStatement statement : statements) {
            try (PreparedStatement prepared = prepare(connection, statement, timeoutSeconds);
                    ResultSet result = prepared.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    Map<String, @Nullable Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= columns.getColumnCount(); column++) {
                        row.put(columns.getColumnLabel(column), javaTime(result.getObject(column)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Runs DELETEs and UPDATEs, returning how many rows they changed. */
    static long update(Connection connection, List<SqlStatement> statements, int timeoutSeconds) throws SQLException {
        long changed = 0;
        for (SqlStatement statement : statements) {
            try (PreparedStatement prepared = prepare(connection, statement, timeoutSeconds)) {
                changed += prepared.executeUpdate();
            }
        }
        return changed;
    }

    private static PreparedStatement prepare(Connection connection, SqlStatement statement, int timeoutSeconds)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        try {
            prepared.setQueryTimeout(timeoutSeconds);
            for (int index = 0; index < statement.parameters().size(); index++) {
                prepared.setObject(index + 1, statement.parameters().get(index));
            }
            return prepared;
        } catch (SQLException e) {
            prepared.close();
            throw e;
        }
    }

    private static @Nullable Object javaTime(@Nullable Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }
}
