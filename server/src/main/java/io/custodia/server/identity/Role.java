package io.custodia.server.identity;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** What a staff member may do; every role is granted within the entities the member is scoped to. */
public enum Role {
    /** Data-protection officer: keeps the register, taxonomy and notices; runs requests. */
    DPO,
    PRIVACY_OFFICER,
    COMMITTEE_MEMBER,
    SECURITY_OFFICER,
    SUPPORT_AGENT,
    /** Reads everything in scope, changes nothing. */
    AUDITOR,
    ENGINEER;

    /** The roles that keep the register, the taxonomy and the notices. */
    public static final Set<Role> REGISTER_KEEPERS = Collections.unmodifiableSet(EnumSet.of(DPO, PRIVACY_OFFICER));

    /** The Spring Security authority for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
