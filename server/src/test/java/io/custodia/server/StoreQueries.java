package io.custodia.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/** Hand-written SQL against a company's store, for the tests that check what a request found or changed there. */
public final class StoreQueries {
    private StoreQueries() {}

    /** The first column of every row the query returns, as a set. */
    public static Set<String> strings(DataSource store, String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Connection connection = store.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }

    /** The one value the query returns; fails when it returns several or none. */
    public static String text(DataSource store, String sql) throws SQLException {
        Set<String> values = strings(store, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.iterator().next();
    }
}
