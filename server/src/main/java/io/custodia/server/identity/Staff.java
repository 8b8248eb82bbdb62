package io.custodia.server.identity;

import io.custodia.core.NotFoundException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The identity feature's facade: who is calling, and which entities they may see.
 *
 * <p>A caller is a staff member ({@link #current()}) or a company service with a token ({@link #service()}). The
 * security configuration lets services reach only the endpoints that accept tokens; everywhere else a caller is
 * staff. Features use {@link #requireEntity(String)} on every object they load by an id from a request, so that a
 * foreign object answers exactly like a missing one.
 */
@Component
public class Staff {
    /**
     * The authority every staff member holds besides their roles, and no service: method security checks such as
     * {@code hasAuthority('STAFF') or hasAuthority('SCOPE_consent:read')} say "any staff member, or a token with
     * that scope".
     */
    public static final String AUTHORITY = "STAFF";

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

    /** The service of the current request, when it authenticated with a token. */
    public Optional<ServiceCaller> service() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ServiceCaller caller) {
            return Optional.of(caller);
        }
        return Optional.empty();
    }

    /** The entities the caller may see: the member's scope, or the one entity a service token acts for. */
    public EntityScope scope() {
        Optional<ServiceCaller> service = service();
        if (service.isPresent()) {
            return new EntityScope.Only(Set.of(service.get().entityCode()));
        }
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
     * {@code token:<id>} for a service, the system actor's own name (such as {@code system:demo}) inside {@link #asSystem}.
     */
    public String actor() {
        Optional<ServiceCaller> service = service();
        if (service.isPresent()) {
            return service.get().actor();
        }
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
