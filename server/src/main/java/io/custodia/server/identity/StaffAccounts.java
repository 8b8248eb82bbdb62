package io.custodia.server.identity;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The local staff accounts, their roles and entity grants, in PostgreSQL. */
@Repository
class StaffAccounts {
    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;

    StaffAccounts(JdbcClient jdbc, PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
    }

    Optional<StaffPrincipal> find(String username) {
        record Row(String username, String displayName, String passwordHash, boolean allEntities, boolean enabled) {}
        Optional<Row> row = jdbc.sql(
                        "select username, display_name, password_hash, all_entities, enabled from staff_account where username = ?")
                .param(username)
                .query(Row.class)
                .optional();
        return row.map(account -> {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            jdbc.sql("select role from staff_role where username = ?")
                    .param(username)
                    .query(String.class)
                    .list()
                    .forEach(role -> roles.add(Role.valueOf(role)));
            EntityScope scope = account.allEntities()
                    ? new EntityScope.All()
                    : new EntityScope.Only(
                            new HashSet<>(jdbc.sql("select entity_code from staff_entity where username = ?")
                                    .param(username)
                                    .query(String.class)
                                    .list()));
            return new StaffPrincipal(
                    new StaffMember(account.username(), account.displayName(), roles, scope),
                    account.passwordHash(),
                    account.enabled());
        });
    }

    boolean exists(String username) {
        return jdbc.sql("select count(*) from staff_account where username = ?")
                        .param(username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Creates an account; {@code entities} empty with {@code allEntities} false means it sees nothing yet. */
    @Transactional
    void create(
            String username,
            String displayName,
            String rawPassword,
            Set<Role> roles,
            boolean allEntities,
            List<String> entities) {
        jdbc.sql("insert into staff_account (username, display_name, password_hash, all_entities) values (?, ?, ?, ?)")
                .params(username, displayName, Objects.requireNonNull(passwordEncoder.encode(rawPassword)), allEntities)
                .update();
        for (Role role : roles) {
            jdbc.sql("insert into staff_role (username, role) values (?, ?)")
                    .params(username, role.name())
                    .update();
        }
        for (String entity : entities) {
            jdbc.sql("insert into staff_entity (username, entity_code) values (?, ?)")
                    .params(username, entity)
                    .update();
        }
    }
}
