package io.custodia.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL keeps its data in the home folder: what a first start wrote, a second start on the
 * same home reads. Runs its own short-lived server beside the one the integration tests share.
 */
class EmbeddedDatabaseRestartTests {

    @Test
    void dataWrittenBeforeAStop_isThereAfterARestart(@TempDir Path home) throws Exception {
        var properties = new CustodiaProperties(home, false, "", new CustodiaProperties.Database("", "", ""));
        var configuration = new DatabaseConfiguration();

        try (EmbeddedDatabase first = configuration.embeddedDatabase(properties);
                var dataSource = (com.zaxxer.hikari.HikariDataSource) configuration.dataSource(properties, first)) {
            execute(dataSource, "create table kept (word text)");
            execute(dataSource, "insert into kept values ('still here')");
        }
        assertThat(Files.exists(home.resolve("db").resolve("PG_VERSION"))).isTrue();

        try (EmbeddedDatabase second = configuration.embeddedDatabase(properties);
                var dataSource = (com.zaxxer.hikari.HikariDataSource) configuration.dataSource(properties, second);
                Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select word from kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    private static void execute(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
