package io.custodia.core.change;

import io.custodia.core.consent.AgeBand;
import java.util.UUID;

/**
 * What a decision needs to know about a customer besides their consents, after any of it changed: whether their data
 * was erased or its processing restricted, their age band, and whether a holder of parental responsibility consented
 * for them.
 *
 * <p>Sent whole, never as a difference, so that a replica can apply it without knowing the previous flags.
 *
 * @param subjectId the customer
 * @param entityCode the entity that holds the customer
 * @param erased whether the customer's data was erased (GDPR Art. 17): nothing may be done with it any more
 * @param restricted whether processing is restricted (GDPR Art. 18): the data may be stored, not used
 * @param ageBand the customer's age band, {@link AgeBand#UNKNOWN} when not known
 * @param parentalConsent whether a holder of parental responsibility gave consent for the customer (GDPR Art. 8)
 */
public record SubjectFlagsChanged(
        UUID subjectId, String entityCode, boolean erased, boolean restricted, AgeBand ageBand, boolean parentalConsent)
        implements Change {

    /** The type of this change. */
    public static final String TYPE = "subject.flags_changed";

    @Override
    public String type() {
        return TYPE;
    }
}
