package io.custodia.server.consent;

import io.custodia.server.identity.Scope;
import io.custodia.server.identity.ServiceCaller;
import io.custodia.server.identity.StaffMember;

/**
 * Who sends a choice to the ledger: a staff member, who is always recorded as the agent who took it for the customer,
 * or a company service with a token, which records the customer's own choices (or an agent's it names).
 */
sealed interface Recorder {

    /** Whether this caller may record choices, and so have opt-out signals applied on its reads. */
    boolean mayRecord();

    /** A staff member. */
    record Agent(StaffMember member) implements Recorder {
        @Override
        public boolean mayRecord() {
            return member.hasAny(ConsentLedger.RECORDERS);
        }
    }

    /** A company service with a token. */
    record Service(ServiceCaller caller) implements Recorder {
        @Override
        public boolean mayRecord() {
            return caller.has(Scope.CONSENT_WRITE);
        }
    }
}
