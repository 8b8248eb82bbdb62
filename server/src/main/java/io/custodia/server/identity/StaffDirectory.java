package io.custodia.server.identity;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.server.audit.AuditTrail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating staff accounts: used by the demo loader and by administrators.
 *
 * <p>Passwords are hashed with Argon2id before they reach the database. Every account created is recorded in the
 * audit trail in the same transaction, without its password.
 */
@Service
public class StaffDirectory {
    /** The database's own rule for usernames, checked first so that a bad one is named instead of failing. */
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,63}$");

    private static final int MAX_DISPLAY_NAME = 200;

    private final StaffAccounts accounts;
    private final Staff staff;
    private final AuditTrail audit;

    StaffDirectory(StaffAccounts accounts, Staff staff, AuditTrail audit) {
        this.accounts = accounts;
        this.staff = staff;
        this.audit = audit;
    }

    public boolean exists(String username) {
        return accounts.exists(username);
    }

    /**
     * Creates a staff account.
     *
     * @param entities the entity codes the member may see; ignored when {@code allEntities}
     * @throws ConflictException when the username is taken
     * @throws InvalidInputException naming each bad field: a username outside 2 to 64 lower-case letters, digits,
     *     {@code . _ -}; a blank or too long display name; a password shorter than 12 characters
     */
    @Transactional
    public void create(
            String username,
            String displayName,
            String password,
            Set<Role> roles,
            boolean allEntities,
            List<String> entities) {
        List<FieldError> errors = new ArrayList<>();
        if (!USERNAME.matcher(username).matches()) {
            errors.add(new FieldError(
                    "username",
                    "must be 2 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter"
                            + " or digit"));
        }
        if (displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME) {
            errors.add(new FieldError("displayName", "must have 1 to " + MAX_DISPLAY_NAME + " characters"));
        }
        if (password.length() < 12) {
            errors.add(new FieldError("password", "must have at least 12 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The staff account has invalid fields", errors);
        }
        if (accounts.exists(username)) {
            throw new ConflictException("A staff account named " + username + " exists already");
        }
        List<String> granted = allEntities ? List.of() : List.copyOf(entities);
        accounts.create(username, displayName, password, roles, allEntities, granted);
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("username", username);
        account.put("roles", roles.stream().map(Role::name).sorted().toList());
        account.put("allEntities", allEntities);
        account.put("entities", granted.stream().sorted().toList());
        audit.record(staff.actor(), "staff.created", "staff_account", username, null, account);
    }
}
