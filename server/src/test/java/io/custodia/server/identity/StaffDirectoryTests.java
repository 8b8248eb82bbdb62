package io.custodia.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.server.CustodiaTest;
import io.custodia.server.audit.AuditTrail;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Creating staff accounts: checked fields, and an audit entry for every account. */
class StaffDirectoryTests extends CustodiaTest {
    private static final String PASSWORD = "directory-test-password";

    @Autowired
    StaffDirectory directory;

    @Autowired
    AuditTrail audit;

    @Test
    void newAccount_isAudited_andCanSignIn() {
        String username = "dir-" + UUID.randomUUID().toString().substring(0, 12);
        directory.create(username, "Directory tester", PASSWORD, Set.of(Role.AUDITOR), false, List.of("FR"));

        assertThat(audit.after(0, 1_000_000))
                .filteredOn(entry -> entry.objectId().equals(username))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.action()).isEqualTo("staff.created");
                    assertThat(entry.objectType()).isEqualTo("staff_account");
                    assertThat(entry.actor()).isEqualTo("system");
                    assertThat(entry.verifies()).isTrue();
                });
        assertThat(get("/api/v1/entities", basic(username, PASSWORD)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void invalidAccount_namesEveryBadField_andStoresNothing() {
        assertThatThrownBy(() -> directory.create("Not A Username", " ", "short", Set.of(Role.DPO), true, List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly("username", "displayName", "password"));
        assertThat(directory.exists("Not A Username")).isFalse();
    }
}
