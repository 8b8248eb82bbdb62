package io.custodia.server.identity;

import io.custodia.core.NotFoundException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The identity feature's facade: who is calling, and which entities they may see.
 *
 * <p>Features use {@link #requireEntity(String)} on every object they load by an id from a request, so that a
 * foreign object answers exactly like a missing one.
 */
@Component
public class Staff {

    /** The staff member of the current request. */
    public StaffMember current() {
        return find().orElseThrow(() -> new IllegalStateException("No staff member is signed in"));
    }

    /** The staff member of the current request, when one is signed in. */
    public Optional<StaffMember> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal principal) {
            return Optional.of(principal.member());
        }
        return Optional.empty();
    }

    /** The current member's entity scope. */
    public EntityScope scope() {
        return current().scope();
    }

    /**
     * Checks that the current member may see the entity.
     *
     * @throws NotFoundException when they may not, worded as if it did not exist
     */
    public void requireEntity(String entityCode) {
        if (!scope().includes(entityCode)) {
            throw new NotFoundException("No entity " + entityCode);
        }
    }

    /** The actor name written to the audit log for the current request. */
    public String actor() {
        return find().map(member -> "staff:" + member.username()).orElse("system");
    }
}
