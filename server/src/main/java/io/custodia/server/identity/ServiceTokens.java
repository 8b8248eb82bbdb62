package io.custodia.server.identity;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.audit.AuditChain;
import io.custodia.server.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Service tokens: created by staff for one entity and some scopes, shown once, listed, revoked, and checked on
 * every request that presents one.
 *
 * <p>A token is {@code cst_} followed by 32 random bytes in base64url. Only its SHA-256 is stored: a slow password
 * hash protects low-entropy secrets that an attacker could guess, whereas 256 random bits cannot be guessed from
 * their digest, so a fast hash loses nothing and lets every request be checked with one indexed lookup.
 *
 * <p>Thread-safe.
 */
@Service
class ServiceTokens {
    /** The roles that may create, list and revoke tokens: those who connect company services. */
    static final String MANAGERS = "hasAnyRole('DPO','ENGINEER')";

    static final String PREFIX = "cst_";
    private static final int RANDOM_BYTES = 32;
    private static final int MAX_NAME = 100;
    /** How stale {@code last_used_at} may be: it is written at most this often, not on every request. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    /** How long a token checked against the database is trusted without checking again. */
    static final Duration REMEMBERED = Duration.ofSeconds(10);

    private static final int MAX_REMEMBERED = 10_000;

    private final JdbcClient jdbc;
    private final Staff staff;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    // Tokens seen recently, by digest: a service that asks thousands of decisions a second is not looked up in the
    // database for each. A revocation empties it after its commit, so it takes effect at once on this server and
    // within REMEMBERED on the others.
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    ServiceTokens(JdbcClient jdbc, Staff staff, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
    }

    /** A token as listed: everything but the secret, which exists nowhere after its creation. */
    record TokenView(
            UUID id,
            String name,
            List<String> scopes,
            String entity,
            String createdBy,
            Instant createdAt,
            @Nullable Instant lastUsedAt) {}

    /** A token just created: the view, and the secret, shown this once. */
    record IssuedToken(TokenView view, String token) {}

    /**
     * Creates a token for an entity the caller may see.
     *
     * @throws InvalidInputException naming each bad field: a blank or too long name, no scope or an unknown one, no
     *     entity
     * @throws NotFoundException when the entity does not exist or is outside the caller's scope
     */
    @Transactional
    @PreAuthorize(MANAGERS)
    IssuedToken create(@Nullable String name, @Nullable List<String> scopes, @Nullable String entity) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            errors.add(new FieldError("name", "must have 1 to " + MAX_NAME + " characters, naming the service"));
        }
        Set<Scope> granted = EnumSet.noneOf(Scope.class);
        if (scopes == null || scopes.isEmpty()) {
            errors.add(new FieldError("scopes", "name at least one scope, such as consent:write"));
        } else {
            for (int index = 0; index < scopes.size(); index++) {
                String key = scopes.get(index);
                Optional<Scope> scope = key == null ? Optional.empty() : Scope.of(key);
                if (scope.isPresent()) {
                    granted.add(scope.get());
                } else {
                    errors.add(
                            new FieldError("scopes[" + index + "]", "unknown scope '" + key + "'; known: " + known()));
                }
            }
        }
        if (entity == null || entity.isBlank()) {
            errors.add(new FieldError("entity", "the entity code the token acts for is required, such as FR"));
        }
        if (!errors.isEmpty() || name == null || entity == null) {
            throw new InvalidInputException("The token cannot be created", errors);
        }
        String code = entity.strip();
        staff.requireEntity(code);
        byte[] secret = new byte[RANDOM_BYTES];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var view = new TokenView(
                UUID.randomUUID(),
                name.strip(),
                granted.stream().map(Scope::key).toList(),
                code,
                staff.actor(),
                now(),
                null);
        try {
            jdbc.sql("""
                            insert into api_token (id, name, token_hash, scopes, entity_code, created_by, created_at)
                            values (:id, :name, :hash, :scopes, :entity, :createdBy, :createdAt)""")
                    .param("id", view.id())
                    .param("name", view.name())
                    .param("hash", digest(token))
                    .param("scopes", view.scopes().toArray(String[]::new))
                    .param("entity", code)
                    .param("createdBy", view.createdBy())
                    .param("createdAt", OffsetDateTime.ofInstant(view.createdAt(), ZoneOffset.UTC))
                    .update();
        } catch (DataIntegrityViolationException e) {
            throw new NotFoundException("No entity " + code);
        }
        audit.record(staff.actor(), "token.created", "api_token", view.id().toString(), code, described(view));
        return new IssuedToken(view, token);
    }

    /** The tokens, revoked ones excepted, of the entities the caller may see, newest first. */
    @Transactional(readOnly = true)
    @PreAuthorize(MANAGERS)
    List<TokenView> list() {
        EntityScope scope = staff.scope();
        return jdbc
                .sql("""
                        select id, name, scopes, entity_code, created_by, created_at, last_used_at from api_token
                        where revoked_at is null order by created_at desc, id""")
                .query((rs, row) -> new TokenView(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        strings(rs.getArray("scopes")),
                        rs.getString("entity_code"),
                        rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class))))
                .list()
                .stream()
                .filter(token -> scope.includes(token.entity()))
                .toList();
    }

    /**
     * Revokes a token: from the next request on, it authenticates no one.
     *
     * @throws NotFoundException when there is no such live token in the caller's entities
     */
    @Transactional
    @PreAuthorize(MANAGERS)
    void revoke(UUID id) {
        Optional<String> entity = jdbc.sql(
                        "select entity_code from api_token where id = ? and revoked_at is null for update")
                .param(id)
                .query(String.class)
                .optional()
                .filter(code -> staff.scope().includes(code));
        if (entity.isEmpty()) {
            throw new NotFoundException("No token " + id);
        }
        jdbc.sql("update api_token set revoked_at = ? where id = ?")
                .params(OffsetDateTime.ofInstant(now(), ZoneOffset.UTC), id)
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                recent.values()
                        .removeIf(remembered -> remembered.caller().tokenId().equals(id));
            }
        });
        audit.record(
                staff.actor(), "token.revoked", "api_token", id.toString(), entity.get(), Map.of("id", id.toString()));
    }

    /** The caller a presented token stands for, unless it is unknown or revoked. */
    Optional<ServiceCaller> authenticate(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String digest = digest(token);
        long now = System.nanoTime();
        Remembered remembered = recent.get(digest);
        if (remembered != null && now - remembered.checkedAt() < REMEMBERED.toNanos()) {
            return Optional.of(remembered.caller());
        }
        Optional<ServiceCaller> caller = lookUp(digest);
        if (caller.isPresent()) {
            if (recent.size() >= MAX_REMEMBERED) {
                recent.clear();
            }
            recent.put(digest, new Remembered(caller.get(), now));
        } else {
            recent.remove(digest);
        }
        return caller;
    }

    private record Remembered(ServiceCaller caller, long checkedAt) {}

    private Optional<ServiceCaller> lookUp(String digest) {
        record Row(
                UUID id,
                String name,
                String entityCode,
                Set<Scope> scopes,
                @Nullable Instant lastUsedAt) {}
        Optional<Row> found = jdbc.sql("""
                        select id, name, entity_code, scopes, last_used_at from api_token
                        where token_hash = ? and revoked_at is null""")
                .param(digest)
                .query((rs, row) -> {
                    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                    strings(rs.getArray("scopes")).forEach(key -> Scope.of(key).ifPresent(scopes::add));
                    return new Row(
                            rs.getObject("id", UUID.class),
                            rs.getString("name"),
                            rs.getString("entity_code"),
                            scopes,
                            instant(rs.getObject("last_used_at", OffsetDateTime.class)));
                })
                .optional();
        found.ifPresent(row -> {
            Instant now = now();
            if (row.lastUsedAt() == null
                    || row.lastUsedAt().plus(LAST_USED_PRECISION).isBefore(now)) {
                jdbc.sql("update api_token set last_used_at = ? where id = ?")
                        .params(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), row.id())
                        .update();
            }
        });
        return found.map(row -> new ServiceCaller(row.id(), row.name(), row.entityCode(), row.scopes()));
    }

    private static Map<String, Object> described(TokenView view) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", view.id().toString());
        payload.put("name", view.name());
        payload.put("scopes", view.scopes());
        payload.put("entity", view.entity());
        return payload;
    }

    private static String digest(String token) {
        return AuditChain.sha256Hex(token.getBytes(StandardCharsets.US_ASCII));
    }

    private static String known() {
        return String.join(
                ", ", EnumSet.allOf(Scope.class).stream().map(Scope::key).toList());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
