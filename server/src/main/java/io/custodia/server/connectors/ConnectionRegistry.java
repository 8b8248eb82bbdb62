package io.custodia.server.connectors;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Staff;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connections of the entities: registered with every field checked at once, their secret ciphertext before it is
 * stored, listed within the caller's entities only, and disabled (never deleted: past requests name them). Every
 * change is written to the audit trail in the same transaction, without the secret.
 */
@Service
class ConnectionRegistry {
    private static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,63}$");
    private static final int MIN_SIGNING_SECRET = 16;

    private final ConnectionStore store;
    private final ConnectorKeys keys;
    private final Staff staff;
    private final Entities entities;
    private final AuditTrail audit;
    private final JdbcSystems jdbcSystems;
    private final Clock clock;

    ConnectionRegistry(
            ConnectionStore store,
            ConnectorKeys keys,
            Staff staff,
            Entities entities,
            AuditTrail audit,
            JdbcSystems jdbcSystems,
            Clock clock) {
        this.store = store;
        this.keys = keys;
        this.staff = staff;
        this.entities = entities;
        this.audit = audit;
        this.jdbcSystems = jdbcSystems;
        this.clock = clock;
    }

    /**
     * A connection as asked for, before it is checked.
     *
     * @param url the URL of an HTTP system, or the JDBC URL of a store (also accepted as {@code jdbcUrl})
     * @param password the password of a store's user
     * @param secret the signing secret shared with an HTTP system
     */
    record NewConnection(
            @Nullable String key,
            @Nullable String type,
            @Nullable String entity,
            @Nullable String name,
            @Nullable String url,
            @Nullable String user,
            @Nullable String password,
            @Nullable String secret,
            @Nullable String schema,
            @Nullable String recipient,
            @Nullable String instructions) {}

    /**
     * Registers a connection.
     *
     * @throws InvalidInputException naming every bad field; nothing is stored
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     * @throws ConflictException when the entity has a connection of that key already
     */
    @Transactional
    Connection create(NewConnection request) {
        List<FieldError> errors = new ArrayList<>();
        String entity = required("entity", request.entity(), errors);
        String key = required("key", request.key(), errors);
        if (key != null && !KEY.matcher(key).matches()) {
            errors.add(new FieldError(
                    "key", "use 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit"));
        }
        String name = required("name", request.name(), errors);
        if (name != null && name.length() > 200) {
            errors.add(new FieldError("name", "is longer than 200 characters"));
        }
        SystemType type = null;
        String typeKey = required("type", request.type(), errors);
        if (typeKey != null) {
            type = SystemType.of(typeKey.toLowerCase(Locale.ROOT)).orElse(null);
            if (type == null) {
                errors.add(new FieldError("type", "must be postgres, mysql, http or manual"));
            }
        }
        String url = blankToNull(request.url());
        String user = blankToNull(request.user());
        String secret = null;
        if (type != null) {
            secret = checkByType(type, request, url, user, errors);
        }
        if (entity != null) {
            entity = entities.visible(entity).code();
        }
        if (!errors.isEmpty() || entity == null || key == null || name == null || type == null) {
            throw new InvalidInputException("The connection cannot be registered", errors);
        }
        if (store.exists(entity, key)) {
            throw new ConflictException("Entity " + entity + " has a connection " + key + " already");
        }
        long id = store.nextId();
        Connection connection = new Connection(
                id,
                entity,
                key,
                type,
                name,
                type == SystemType.MANUAL ? null : url,
                type.jdbc() ? user : null,
                type.jdbc() ? blankToNull(request.schema()) : null,
                type == SystemType.HTTP ? blankToNull(request.recipient()) : null,
                blankToNull(request.instructions()),
                secret != null,
                true,
                clock.instant(),
                null);
        store.insert(connection, secret == null ? new byte[0] : keys.seal(id, secret), staff.actor());
        audit.record(staff.actor(), "connection.created", "connection", key, entity, described(connection));
        return connection;
    }

    private static @Nullable String checkByType(
            SystemType type,
            NewConnection request,
            @Nullable String url,
            @Nullable String user,
            List<FieldError> errors) {
        String password = request.password();
        String signing = request.secret();
        switch (type) {
            case POSTGRES, MYSQL -> {
                String prefix = type == SystemType.POSTGRES ? "jdbc:postgresql:" : "jdbc:mysql:";
                if (url == null) {
                    errors.add(new FieldError("jdbcUrl", "is required, such as " + prefix + "//db.example:5432/shop"));
                } else if (!(url.startsWith(prefix) || (type == SystemType.MYSQL && url.startsWith("jdbc:mariadb:")))) {
                    errors.add(new FieldError("jdbcUrl", "must start with " + prefix));
                } else if (url.toLowerCase(Locale.ROOT).contains("password=")) {
                    errors.add(new FieldError(
                            "jdbcUrl", "holds a password: give it in the password field, which is stored encrypted"));
                }
                if (user == null) {
                    errors.add(new FieldError("user", "is required: the database user Custodia connects as"));
                }
                if (signing != null) {
                    errors.add(new FieldError("secret", "is for http connections; a store takes a password"));
                }
                return password == null || password.isEmpty() ? null : password;
            }
            case HTTP -> {
                if (url == null) {
                    errors.add(new FieldError("url", "is required, such as https://crm.example/custodia"));
                } else if (!httpUrl(url)) {
                    errors.add(new FieldError("url", "must be an absolute http or https URL"));
                }
                if (signing == null || signing.length() < MIN_SIGNING_SECRET) {
                    errors.add(new FieldError(
                            "secret",
                            "is required: the signing secret shared with the system, at least " + MIN_SIGNING_SECRET
                                    + " characters"));
                }
                if (password != null) {
                    errors.add(new FieldError("password", "is for stores; an http connection takes a secret"));
                }
                return signing;
            }
            case MANUAL -> {
                if (blankToNull(request.instructions()) == null) {
                    errors.add(new FieldError("instructions", "is required: what a person must do in this system"));
                }
                if (url != null) {
                    errors.add(new FieldError("url", "a manual system is not reached by Custodia"));
                }
                if (password != null || signing != null) {
                    errors.add(new FieldError(
                            password != null ? "password" : "secret", "a manual system is not reached by Custodia"));
                }
                return null;
            }
        }
        return null;
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute()
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The connections of the entities the caller may see, disabled ones included, by entity then key. */
    @Transactional(readOnly = true)
    List<Connection> visible() {
        EntityScope scope = staff.scope();
        return store.all().stream()
                .filter(connection -> scope.includes(connection.entity()))
                .toList();
    }

    /**
     * A connection of an entity the caller may see.
     *
     * @throws NotFoundException when there is none, or it belongs to another entity
     */
    @Transactional(readOnly = true)
    Connection visible(String entity, String key) {
        return store.find(entity, key)
                .filter(connection -> staff.scope().includes(connection.entity()))
                .orElseThrow(() -> new NotFoundException("No connection " + key + " in entity " + entity));
    }

    /**
     * The one connection of this key among the entities the caller may see.
     *
     * @throws NotFoundException when there is none
     * @throws InvalidInputException when several of the caller's entities have one (the caller must name the entity)
     */
    @Transactional(readOnly = true)
    Connection visibleByKey(String key, @Nullable String entity) {
        if (entity != null && !entity.isBlank()) {
            return visible(entity.strip(), key);
        }
        List<Connection> found = visible().stream()
                .filter(connection -> connection.key().equals(key))
                .toList();
        if (found.isEmpty()) {
            throw new NotFoundException("No connection " + key);
        }
        if (found.size() > 1) {
            throw InvalidInputException.of(
                    "entity", "several of your entities have a connection " + key + ": name the entity");
        }
        return found.get(0);
    }

    /**
     * Disables a connection: requests no longer reach it, and its pool of database connections is closed once the
     * transaction commits. Disabling a disabled connection changes nothing.
     */
    @Transactional
    Connection disable(Connection connection) {
        Instant now = clock.instant();
        if (store.disable(connection.id(), now)) {
            audit.record(
                    staff.actor(),
                    "connection.disabled",
                    "connection",
                    connection.key(),
                    connection.entity(),
                    described(connection));
            long id = connection.id();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    jdbcSystems.close(id);
                }
            });
        }
        return store.find(connection.id()).orElseThrow();
    }

    /** The enabled connections of an entity, by key. No scope check: for the facade, which runs for the system. */
    @Transactional(readOnly = true)
    List<Connection> enabled(String entity) {
        return store.enabled(entity);
    }

    /** A connection by id, enabled or not. */
    @Transactional(readOnly = true)
    Optional<Connection> find(long id) {
        return store.find(id);
    }

    /** The connection's password or signing secret, decrypted; empty when it has none. */
    Optional<String> secret(Connection connection) {
        return store.secret(connection.id()).map(ciphertext -> keys.open(connection.id(), ciphertext));
    }

    /** What the audit trail digests of a connection: every field but the secret. */
    private static Map<String, Object> described(Connection connection) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", connection.id());
        fields.put("key", connection.key());
        fields.put("entity", connection.entity());
        fields.put("type", connection.type().key());
        fields.put("name", connection.name());
        fields.put("url", String.valueOf(connection.url()));
        fields.put("user", String.valueOf(connection.username()));
        fields.put("hasSecret", connection.hasSecret());
        return fields;
    }

    private static @Nullable String required(String field, @Nullable String value, List<FieldError> errors) {
        String stripped = blankToNull(value);
        if (stripped == null) {
            errors.add(new FieldError(field, "is required"));
        }
        return stripped;
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
