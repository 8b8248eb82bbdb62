package io.custodia.server.identity;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Creating staff accounts: used by the demo loader and by administrators.
 *
 * <p>Passwords are hashed with Argon2id before they reach the database.
 */
@Service
public class StaffDirectory {
    private final StaffAccounts accounts;

    StaffDirectory(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    public boolean exists(String username) {
        return accounts.exists(username);
    }

    /**
     * Creates a staff account.
     *
     * @param entities the entity codes the member may see; ignored when {@code allEntities}
     * @throws ConflictException when the username is taken
     * @throws InvalidInputException when the password is shorter than 12 characters
     */
    public void create(
            String username,
            String displayName,
            String password,
            Set<Role> roles,
            boolean allEntities,
            List<String> entities) {
        if (password.length() < 12) {
            throw InvalidInputException.of("password", "must have at least 12 characters");
        }
        if (accounts.exists(username)) {
            throw new ConflictException("A staff account named " + username + " exists already");
        }
        accounts.create(username, displayName, password, roles, allEntities, allEntities ? List.of() : entities);
    }
}
