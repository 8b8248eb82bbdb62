package io.custodia.server.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database Custodia keeps its records in: the configured PostgreSQL, or else an embedded PostgreSQL whose
 * data lives under {@code CUSTODIA_HOME/db} and survives restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DataSource dataSource(CustodiaProperties properties, EmbeddedDatabase embedded) {
        var config = new HikariConfig();
        config.setPoolName("custodia");
        config.setMaximumPoolSize(16);
        if (properties.db().embedded()) {
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(properties.db().url());
            config.setUsername(properties.db().user());
            config.setPassword(properties.db().password());
        }
        return new HikariDataSource(config);
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(CustodiaProperties properties) {
        if (!properties.db().embedded()) {
            return EmbeddedDatabase.none();
        }
        Path dataDirectory = properties.home().resolve("db").toAbsolutePath();
        try {
            Files.createDirectories(dataDirectory);
            boolean existing = Files.exists(dataDirectory.resolve("PG_VERSION"));
            // A killed Custodia leaves its PostgreSQL running on this directory; see EmbeddedDatabase.stopLeftover.
            EmbeddedDatabase.stopLeftover(dataDirectory);
            var postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            log.info(
                    "Embedded PostgreSQL {} data in {} on port {}",
                    existing ? "reusing" : "created",
                    dataDirectory,
                    postgres.getPort());
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
