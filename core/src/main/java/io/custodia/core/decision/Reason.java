package io.custodia.core.decision;

import java.util.Locale;

/**
 * Why a use of data is denied. The constants are in the order the engine checks them: when several apply, the first
 * is the reason given.
 */
public enum Reason {
    /** The purpose is unknown, or no active (or halted) processing activity of the register declares it. */
    PURPOSE_NOT_DECLARED,
    /** The ethics committee halted the activity. */
    HALTED,
    /** The activity needs a review (impact assessment) that is not approved yet. */
    REVIEW_PENDING,
    /** A data category asked for is not declared by the activity. */
    CATEGORY_NOT_DECLARED,
    /** The recipient is not declared by the activity, not approved, or without a valid agreement. */
    RECIPIENT_NOT_APPROVED,
    /** The jurisdiction does not allow the transfer to the recipient's country as declared. */
    TRANSFER_NOT_ALLOWED,
    /** The customer is under the jurisdiction's age of digital consent and no parent has consented. */
    PARENTAL_CONSENT_REQUIRED,
    /** The customer's data was erased. */
    SUBJECT_ERASED,
    /** The customer restricted the processing of their data. */
    RESTRICTED,
    /** The purpose needs consent and the customer never gave it. */
    NO_CONSENT,
    /** The customer refused consent. */
    REFUSED,
    /** The customer withdrew consent. */
    WITHDRAWN,
    /** The customer's consent reached the end of its renewal period. */
    EXPIRED,
    /** The notice changed materially since the customer consented. */
    RECONSENT_REQUIRED,
    /** The customer objected to processing on legitimate interest, or sent an opt-out signal with that effect. */
    OBJECTED,
    /** The replica that decides cannot prove it is fresh, so it fails closed. */
    STALE_REPLICA;

    /** The code as the API writes it, e.g. {@code no_consent}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
