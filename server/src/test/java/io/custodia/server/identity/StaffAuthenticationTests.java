package io.custodia.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** HTTP Basic remembers a successful password check, but never past a wrong password or a changed one. */
class StaffAuthenticationTests extends CustodiaTest {
    @Autowired
    Staff staff;

    @Autowired
    StaffDirectory directory;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Test
    void rememberedPassword_stopsWorking_onceThePasswordChanges() {
        String username = "cache." + System.nanoTime();
        staff.asSystem("system:test", () -> {
            directory.create(username, "Cache Test", "first-password-1", EnumSet.of(Role.AUDITOR), true, List.of());
            return null;
        });
        assertThat(get("/api/v1/entities", basic(username, "first-password-1")).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/entities", basic(username, "first-password-1")).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/entities", basic(username, "wrong-password-1")).statusCode())
                .isEqualTo(401);

        jdbc.sql("update staff_account set password_hash = ? where username = ?")
                .params(Objects.requireNonNull(passwordEncoder.encode("second-password-2")), username)
                .update();

        assertThat(get("/api/v1/entities", basic(username, "first-password-1")).statusCode())
                .isEqualTo(401);
        assertThat(get("/api/v1/entities", basic(username, "second-password-2")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void rememberedPassword_stopsWorking_onceTheAccountIsDisabled() {
        String username = "disabled." + System.nanoTime();
        staff.asSystem("system:test", () -> {
            directory.create(username, "Disabled Test", "first-password-1", EnumSet.of(Role.AUDITOR), true, List.of());
            return null;
        });
        assertThat(get("/api/v1/entities", basic(username, "first-password-1")).statusCode())
                .isEqualTo(200);

        jdbc.sql("update staff_account set enabled = false where username = ?")
                .param(username)
                .update();

        assertThat(get("/api/v1/entities", basic(username, "first-password-1")).statusCode())
                .isEqualTo(401);
    }
}
