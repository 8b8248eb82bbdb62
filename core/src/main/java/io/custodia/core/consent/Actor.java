package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;

/**
 * Who made the choice a consent event records. Part of the proof of consent (GDPR Art. 7(1)): a regulator asks not
 * only what was chosen but by whom.
 */
public sealed interface Actor permits Actor.Customer, Actor.Agent, Actor.Guardian, Actor.Custodia {

    /** The customer, acting for themselves. */
    static Actor customer() {
        return new Customer();
    }

    /** A member of staff acting for the customer, such as a call-centre or shop agent. */
    static Actor agent(String agentId) {
        return new Agent(agentId);
    }

    /** A holder of parental responsibility acting for a child (GDPR Art. 8). */
    static Actor guardian(String guardianId) {
        return new Guardian(guardianId);
    }

    /** Custodia itself, for expiries and for the opt-out signals it applies. */
    static Actor custodia() {
        return new Custodia();
    }

    /** The customer the event is about, acting for themselves. */
    record Customer() implements Actor {}

    /**
     * A member of staff who recorded the customer's choice for them, for instance on the phone.
     *
     * @param agentId the staff account that recorded the event
     */
    record Agent(String agentId) implements Actor {
        public Agent {
            requireIdentifier("actor.agentId", agentId);
        }
    }

    /**
     * A holder of parental responsibility who made the choice for a child under the age of digital consent (GDPR
     * Art. 8). Only a grant by a guardian counts as parental consent.
     *
     * @param guardianId how the company identifies the guardian, for instance their own customer number
     */
    record Guardian(String guardianId) implements Actor {
        public Guardian {
            requireIdentifier("actor.guardianId", guardianId);
        }
    }

    /**
     * Custodia itself. It records {@link ConsentAction#EXPIRED}, and the {@link ConsentAction#WITHDRAWN withdrawal} or
     * {@link ConsentAction#OBJECTED objection} an opt-out signal from the customer's browser (Global Privacy Control)
     * stands for where the jurisdiction gives the signal that effect. It never grants or refuses for a customer.
     */
    record Custodia() implements Actor {}

    private static void requireIdentifier(String field, String value) {
        if (value.isBlank() || value.length() > 200) {
            throw InvalidInputException.of(field, "must be between 1 and 200 characters, not blank");
        }
    }
}
