package io.custodia.server.identity;

import io.custodia.core.NotFoundException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
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
    private static final String SYSTEM_PREFIX = "system:";

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

    /**
     * The actor name written to the audit log for the current request: {@code staff:<username>} for a person,
     * the system actor's own name (such as {@code system:demo}) inside {@link #asSystem}.
     */
    public String actor() {
        return find().map(member ->
                        member.username().startsWith(SYSTEM_PREFIX) ? member.username() : "staff:" + member.username())
                .orElse("system");
    }

    /**
     * Runs work on Custodia's own behalf (loaders, imports started by the server itself) with every role over
     * every entity, then restores the caller's identity. The audit log names {@code actor}.
     *
     * @param actor the system actor's name, starting with {@code system:}
     */
    public <T> T asSystem(String actor, Supplier<T> work) {
        if (!actor.startsWith(SYSTEM_PREFIX)) {
            throw new IllegalArgumentException("A system actor's name starts with " + SYSTEM_PREFIX);
        }
        var member = new StaffMember(actor, actor, EnumSet.allOf(Role.class), new EntityScope.All());
        var principal = new StaffPrincipal(member, "", true);
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
