package io.custodia.server.identity;

import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * A company service calling with a service token: the token's id and name, the one entity it acts for, and its
 * scopes.
 */
public record ServiceCaller(UUID tokenId, String name, String entityCode, Set<Scope> scopes)
        implements AuthenticatedPrincipal {
    public ServiceCaller {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /**
     * Checks that the token acts for the entity.
     *
     * @throws AccessDeniedException when it acts for another one (the caller knows its token's entity, so saying so
     *     tells nothing)
     */
    public void requireEntity(String code) {
        if (!entityCode.equals(code)) {
            throw new AccessDeniedException("This token acts for entity " + entityCode + " only");
        }
    }

    /** The name the audit log gives this caller. */
    String actor() {
        return "token:" + tokenId;
    }

    /** The authentication's name, as Spring Security reports it: the audit log's name, never the token. */
    @Override
    public String getName() {
        return actor();
    }
}
