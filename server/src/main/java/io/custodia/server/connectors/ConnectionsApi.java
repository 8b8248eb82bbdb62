package io.custodia.server.connectors;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connections over HTTP. Staff only, no service token: a connection holds the credentials of a company's store.
 * Registering and disabling is for DPOs and engineers; auditors may also read. A password or signing secret goes in
 * and never comes out: answers say only whether one is stored.
 */
@RestController
@RequestMapping("/api/v1/connections")
@Tag(name = "Connections", description = "The company's systems where customers' data lives, and how to reach them")
@PreAuthorize(ConnectionsApi.READERS)
class ConnectionsApi {
    static final String READERS = "hasAnyRole('DPO','ENGINEER','AUDITOR')";
    static final String KEEPERS = "hasAnyRole('DPO','ENGINEER')";

    private final ConnectionRegistry registry;

    ConnectionsApi(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /**
     * A connection to register.
     *
     * @param type {@code postgres}, {@code mysql}, {@code http} or {@code manual}
     * @param url the URL of an HTTP system (or a store's JDBC URL)
     * @param jdbcUrl the JDBC URL of a store, such as {@code jdbc:postgresql://db:5432/shop}
     * @param password the password of the store's user; stored encrypted, never returned
     * @param secret the signing secret of an HTTP system (16 characters or more); stored encrypted, never returned
     * @param schema the schema (PostgreSQL) or database (MySQL) of the tables, when not the connection's default
     * @param recipient for an HTTP system that received customers' data, the recipient it stands for (Art. 19)
     * @param instructions what a person does in a manual system
     */
    record ConnectionRequest(
            @Schema(example = "shop-db") @Nullable String key,
            @Schema(example = "postgres") @Nullable String type,
            @Schema(example = "FR") @Nullable String entity,
            @Schema(example = "Web shop database") @Nullable String name,
            @Nullable String url,

            @Schema(example = "jdbc:postgresql://db.example:5432/shop") @Nullable
            String jdbcUrl,

            @Schema(example = "custodia") @Nullable String user,
            @Nullable String password,
            @Nullable String secret,
            @Nullable String schema,
            @Nullable String recipient,
            @Nullable String instructions) {}

    /**
     * A connection as the API shows it: never its password or secret.
     *
     * @param credentialsStored whether a password or signing secret is stored (encrypted)
     * @param dataset the key of the dataset registered for it, null before one is
     */
    record ConnectionView(
            String key,
            String entity,
            String type,
            String name,
            @Nullable String url,
            @Nullable String user,
            @Nullable String schema,
            @Nullable String recipient,
            @Nullable String instructions,
            boolean credentialsStored,
            boolean enabled,
            Instant createdAt,
            @Nullable String dataset) {
        static ConnectionView of(Connection connection) {
            return new ConnectionView(
                    connection.key(),
                    connection.entity(),
                    connection.type().key(),
                    connection.name(),
                    connection.url(),
                    connection.username(),
                    connection.schema(),
                    connection.recipient(),
                    connection.instructions(),
                    connection.hasSecret(),
                    connection.enabled(),
                    connection.createdAt(),
                    connection.datasetKey());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(KEEPERS)
    @Operation(summary = "Register a connection; its password or secret is stored encrypted and never returned")
    @ApiResponse(responseCode = "201", description = "The connection, without its secret")
    @ApiResponse(responseCode = "400", description = "Invalid fields, each named in errors[]; nothing is stored")
    @ApiResponse(responseCode = "404", description = "The entity does not exist or is outside your scope")
    @ApiResponse(responseCode = "409", description = "The entity has a connection of that key already")
    ConnectionView create(@RequestBody ConnectionRequest request) {
        if (request.url() != null && request.jdbcUrl() != null) {
            throw new InvalidInputException(
                    "The connection cannot be registered",
                    List.of(new FieldError("url", "give either url or jdbcUrl, not both")));
        }
        return ConnectionView.of(registry.create(new ConnectionRegistry.NewConnection(
                request.key(),
                request.type(),
                request.entity(),
                request.name(),
                request.jdbcUrl() != null ? request.jdbcUrl() : request.url(),
                request.user(),
                request.password(),
                request.secret(),
                request.schema(),
                request.recipient(),
                request.instructions())));
    }

    @GetMapping
    @Operation(summary = "The connections of your entities, disabled ones included, by entity then key")
    List<ConnectionView> list() {
        return registry.visible().stream().map(ConnectionView::of).toList();
    }

    @GetMapping("/{key}")
    @Operation(summary = "One connection; name the entity when several of yours have one of that key")
    @ApiResponse(responseCode = "404", description = "No such connection in your entities")
    ConnectionView get(@PathVariable String key, @RequestParam(required = false) @Nullable String entity) {
        return ConnectionView.of(registry.visibleByKey(key, entity));
    }

    @DeleteMapping("/{key}")
    @PreAuthorize(KEEPERS)
    @Operation(
            summary = "Disable a connection",
            description = "Requests no longer reach it and its database connections are closed. It stays listed,"
                    + " disabled, since past requests name it. Disabling it again changes nothing.")
    @ApiResponse(responseCode = "404", description = "No such connection in your entities")
    ConnectionView disable(@PathVariable String key, @RequestParam(required = false) @Nullable String entity) {
        return ConnectionView.of(registry.disable(registry.visibleByKey(key, entity)));
    }
}
