package io.custodia.server.identity;

import java.util.Set;

/** A signed-in staff member: who, with which roles, over which entities. */
public record StaffMember(String username, String displayName, Set<Role> roles, EntityScope scope) {
    public StaffMember {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether the member holds at least one of these roles. */
    public boolean hasAny(Set<Role> anyOf) {
        return anyOf.stream().anyMatch(roles::contains);
    }
}
