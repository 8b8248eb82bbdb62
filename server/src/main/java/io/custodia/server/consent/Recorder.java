package io.custodia.server.consent;

import io.custodia.server.identity.Scope;
import io.custodia.server.identity.ServiceCaller;
import io.custodia.server.identity.StaffMember;
import java.util.UUID;

/**
 * Who sends a choice to the ledger: a staff member, who is always recorded as the agent who took it for the customer,
 * a company service with a token, which records the customer's own choices (or an agent's it names), or the customer
 * themselves, signed in to the privacy center, or a visitor of a company's web site who answered its consent prompt.
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

    /** A customer signed in to the privacy center, who records their own choices and no one else's. */
    record Customer(UUID subjectId) implements Recorder {
        @Override
        public boolean mayRecord() {
            // The privacy center shows the customer's choices and records them as made; it applies no signal.
            return false;
        }

        /** The audit log's name for the customer: their internal id, never an identifier. */
        String actor() {
            return "customer:" + subjectId;
        }
    }

    /**
     * A visitor of a company's web site who answered the consent prompt ({@code /sdk/consent.js}), known by the
     * device id the prompt created when they acted. Their browser's opt-out signal is theirs, so it is applied.
     */
    record Visitor() implements Recorder {
        @Override
        public boolean mayRecord() {
            return true;
        }
    }
}
