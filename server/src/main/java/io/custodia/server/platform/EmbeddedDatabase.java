package io.custodia.server.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The embedded PostgreSQL server, when Custodia runs one; closing it stops the server. */
final class EmbeddedDatabase implements AutoCloseable {
    private final @Nullable EmbeddedPostgres postgres;

    EmbeddedDatabase(@Nullable EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase none() {
        return new EmbeddedDatabase(null);
    }

    String jdbcUrl() {
        if (postgres == null) {
            throw new IllegalStateException("No embedded PostgreSQL runs: an external database is configured");
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
