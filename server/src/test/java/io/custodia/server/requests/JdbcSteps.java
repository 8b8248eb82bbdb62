package io.custodia.server.requests;

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

/**
 * Runs the statements of a {@link io.custodia.core.dataset.SqlPlan} on one JDBC connection: the least a store
 * reader does, kept here until the requests feature has its own.
 */
final class JdbcSteps {
    private JdbcSteps() {}

    /** The rows the SELECTs return, each a map from column label to value, dates and times as java.time values. */
    static List<Map<String, Object>> query(Connection connection, List<SqlStatement> statements) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SqlStatement statement : statements) {
            try (PreparedStatement prepared = prepare(connection, statement);
                    ResultSet result = prepared.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= columns.getColumnCount(); column++) {
                        row.put(columns.getColumnLabel(column), javaTime(result.getObject(column)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Runs the DELETEs and UPDATEs, returning how many rows they changed. */
    static int update(Connection connection, List<SqlStatement> statements) throws SQLException {
        int changed = 0;
        for (SqlStatement statement : statements) {
            try (PreparedStatement prepared = prepare(connection, statement)) {
                changed += prepared.executeUpdate();
            }
        }
        return changed;
    }

    private static PreparedStatement prepare(Connection connection, SqlStatement statement) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        for (int index = 0; index < statement.parameters().size(); index++) {
            prepared.setObject(index + 1, statement.parameters().get(index));
        }
        return prepared;
    }

    private static Object javaTime(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }
}
