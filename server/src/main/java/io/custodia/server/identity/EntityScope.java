package io.custodia.server.identity;

import java.util.Set;

/** The group entities a staff member may see: all of them, or a named few. */
public sealed interface EntityScope {

    boolean includes(String entityCode);

    /** Every entity of the group, present and future. */
    record All() implements EntityScope {
        @Override
        public boolean includes(String entityCode) {
            return true;
        }
    }

    /** Only these entity codes. */
    record Only(Set<String> entityCodes) implements EntityScope {
        public Only {
            entityCodes = Set.copyOf(entityCodes);
        }

        @Override
        public boolean includes(String entityCode) {
            return entityCodes.contains(entityCode);
        }
    }
}
