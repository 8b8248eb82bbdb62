package io.custodia.core.consent;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The consent state of one customer for one purpose at one instant: the outcome of folding their consent events
 * ({@link ConsentFold}).
 *
 * <p>Each status is its own record carrying what is known in that status, so that, for instance, only a refusal has
 * a date after which the customer may be asked again. A state changes without a new event only when a grant reaches
 * {@link Granted#expiresAt()}. What a state means for processing depends on the purpose's legal basis and is decided
 * by the decision engine: on consent, only {@link Granted} allows; on legitimate interest, an objection stops it.
 */
public sealed interface ConsentState
        permits ConsentState.None,
                ConsentState.Granted,
                ConsentState.Refused,
                ConsentState.Withdrawn,
                ConsentState.Objected,
                ConsentState.Expired,
                ConsentState.ReconsentRequired {

    /** The status, for switching on in code that does not need the details. */
    Status status();

    /** The state of a customer who has never made a choice that applies. */
    static ConsentState none() {
        return new None();
    }

    /** The statuses a consent state can have. */
    enum Status {
        NONE,
        GRANTED,
        REFUSED,
        WITHDRAWN,
        OBJECTED,
        EXPIRED,
        RECONSENT_REQUIRED
    }

    /** No event applies: the customer was never asked, or never answered. Silence is not consent. */
    record None() implements ConsentState {
        @Override
        public Status status() {
            return Status.NONE;
        }
    }

    /**
     * The customer's consent is in force.
     *
     * @param decidingEvent the grant
     * @param since when the grant was recorded
     * @param noticeVersion the notice version the customer consented to
     * @param grantedBy who gave the consent; a {@link Actor.Guardian} for a child's parental consent (GDPR Art. 8)
     * @param expiresAt the first instant at which the grant is no longer in force, or null when the purpose's consent
     *     is not renewed
     */
    record Granted(
            UUID decidingEvent,
            Instant since,
            int noticeVersion,
            Actor grantedBy,
            @Nullable Instant expiresAt) implements ConsentState {
        @Override
        public Status status() {
            return Status.GRANTED;
        }
    }

    /**
     * The customer was asked and said no.
     *
     * @param decidingEvent the refusal
     * @param since when the refusal was recorded
     * @param askAgainAfter the first instant at which the customer may be asked again
     */
    record Refused(UUID decidingEvent, Instant since, Instant askAgainAfter) implements ConsentState {
        @Override
        public Status status() {
            return Status.REFUSED;
        }

        /** Whether the customer may be asked again at {@code instant}. */
        public boolean mayAskAgainAt(Instant instant) {
            return !instant.isBefore(askAgainAfter);
        }
    }

    /**
     * The customer withdrew their consent.
     *
     * @param decidingEvent the withdrawal
     * @param since when the withdrawal was recorded
     */
    record Withdrawn(UUID decidingEvent, Instant since) implements ConsentState {
        @Override
        public Status status() {
            return Status.WITHDRAWN;
        }
    }

    /**
     * The customer objected to the processing (GDPR Art. 21).
     *
     * @param decidingEvent the objection
     * @param since when the objection was recorded
     */
    record Objected(UUID decidingEvent, Instant since) implements ConsentState {
        @Override
        public Status status() {
            return Status.OBJECTED;
        }
    }

    /**
     * The customer's consent reached the end of its renewal period.
     *
     * @param decidingEvent the grant that lapsed, or the expiry event Custodia recorded
     * @param since the instant the grant lapsed: its expiry, or the time the expiry event was recorded
     */
    record Expired(UUID decidingEvent, Instant since) implements ConsentState {
        @Override
        public Status status() {
            return Status.EXPIRED;
        }
    }

    /**
     * The customer consented to a notice that has since changed materially, so the consent must be renewed.
     *
     * @param decidingEvent the grant
     * @param grantedAt when the grant was recorded
     * @param noticeVersion the notice version the customer consented to
     * @param lastMaterialVersion the version that changed the notice materially, which the customer has not seen
     */
    record ReconsentRequired(UUID decidingEvent, Instant grantedAt, int noticeVersion, int lastMaterialVersion)
            implements ConsentState {
        @Override
        public Status status() {
            return Status.RECONSENT_REQUIRED;
        }
    }
}
