package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.taxonomy.LegalBasis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rules an event sent by a client must meet before the ledger records it.
 *
 * <p>The fold accepts any well-formed event, since the ledger keeps history recorded under earlier rules; these
 * rules keep new events meaningful. Each check throws {@link InvalidInputException} naming the field at fault, in
 * words a DPO understands, and changes nothing. Thread-safe.
 */
public final class ConsentRecordingRules {

    /** How far ahead of Custodia's clock a device's clock may be before its events are refused: 5 minutes. */
    public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofMinutes(5);

    private ConsentRecordingRules() {}

    /**
     * Checks an event a client sent: it is about the policy's purpose, its action fits the purpose's legal basis, its
     * notice version is published, and its client time is not too far ahead. Reports every broken rule at once.
     *
     * @param clockTolerance how far ahead of the server time the client time may be; see {@link
     *     #DEFAULT_CLOCK_TOLERANCE}
     * @throws InvalidInputException with one field error per broken rule
     */
    public static void checkIncoming(
            ConsentEvent event, PurposePolicy policy, NoticeVersions notices, Duration clockTolerance) {
        List<FieldError> errors = new ArrayList<>();
        if (!event.purpose().equals(policy.purpose())) {
            errors.add(new FieldError(
                    "purpose",
                    "the event is about purpose " + event.purpose() + " but the policy checked is for "
                            + policy.purpose()));
        }
        actionError(event.action(), policy).ifPresent(errors::add);
        noticeVersionError(event, notices).ifPresent(errors::add);
        clientTimeError(event.clientTime(), event.serverTime(), clockTolerance).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("the consent event cannot be recorded", errors);
        }
    }

    /**
     * Checks that an action fits the purpose's legal basis: a consent is given, refused or withdrawn only on a
     * purpose processed on consent; an objection only on one processed on legitimate interest or public task (GDPR
     * Art. 21), where a grant lifts an earlier objection; an expiry is never sent, since Custodia records it.
     *
     * @throws InvalidInputException naming the field {@code action}
     */
    public static void checkAction(ConsentAction action, PurposePolicy policy) {
        Optional<FieldError> error = actionError(action, policy);
        if (error.isPresent()) {
            throw InvalidInputException.of(error.get().field(), error.get().message());
        }
    }

    /**
     * Checks that the client time, when given, is at most {@code clockTolerance} ahead of the server time. A client
     * time in the past is accepted: devices record offline and send later.
     *
     * @throws InvalidInputException naming the field {@code clientTime}
     */
    public static void checkClientTime(ConsentEvent event, Duration clockTolerance) {
        Optional<FieldError> error = clientTimeError(event.clientTime(), event.serverTime(), clockTolerance);
        if (error.isPresent()) {
            throw InvalidInputException.of(error.get().field(), error.get().message());
        }
    }

    /**
     * Checks that a grant for a child under the jurisdiction's age of digital consent is given by a holder of
     * parental responsibility (GDPR Art. 8 and its equivalents). A child may refuse, withdraw or object alone.
     *
     * @param subjectAge the customer's age in whole years at the time of the event
     * @throws InvalidInputException naming the field {@code actor}
     */
    public static void checkParentalConsent(ConsentEvent event, int subjectAge, JurisdictionPack pack) {
        if (subjectAge < 0) {
            throw InvalidInputException.of("subjectAge", "an age cannot be negative, got " + subjectAge);
        }
        if (event.action() == ConsentAction.GRANTED
                && subjectAge < pack.ageOfDigitalConsent()
                && !(event.actor() instanceof Actor.Guardian)) {
            throw InvalidInputException.of(
                    "actor",
                    "the customer is under " + pack.ageOfDigitalConsent()
                            + ", the age below which a child needs a parent's consent in " + pack.name()
                            + ": a holder of parental responsibility must give this consent, and be recorded as the"
                            + " actor");
        }
    }

    private static Optional<FieldError> actionError(ConsentAction action, PurposePolicy policy) {
        LegalBasis basis = policy.legalBasis();
        String processedOn = "purpose " + policy.purpose() + " is processed on " + describe(basis);
        if (action.systemGenerated()) {
            return actionError("'" + action.key() + "' is recorded by Custodia itself when a consent reaches its"
                    + " renewal date; a client cannot send it");
        }
        if (action == ConsentAction.OBJECTED) {
            if (basis.objectable()) {
                return Optional.empty();
            }
            return actionError(
                    basis == LegalBasis.CONSENT
                            ? processedOn + ": the customer withdraws or refuses consent rather than objecting (GDPR"
                                    + " Art. 7(3))"
                            : processedOn + ": the right to object (GDPR Art. 21) covers only legitimate interest and"
                                    + " public task");
        }
        if (basis == LegalBasis.CONSENT) {
            return Optional.empty();
        }
        if (action == ConsentAction.GRANTED && basis.objectable()) {
            // The customer accepts the processing again: a grant lifts an earlier objection (see ConsentFold).
            return Optional.empty();
        }
        String verb =
                action == ConsentAction.GRANTED ? "give" : action == ConsentAction.REFUSED ? "refuse" : "withdraw";
        return actionError(processedOn + ", not on consent, so there is no consent to " + verb
                + (basis.objectable()
                        ? "; the customer can object to it instead (GDPR Art. 21)"
                        : "; nor can the customer object to it, since the right to object (GDPR Art. 21) covers only"
                                + " legitimate interest and public task"));
    }

    private static Optional<FieldError> actionError(String message) {
        return Optional.of(new FieldError("action", message));
    }

    private static String describe(LegalBasis basis) {
        return basis.key().replace('_', ' ') + " (GDPR Art. " + basis.article() + ")";
    }

    private static Optional<FieldError> noticeVersionError(ConsentEvent event, NoticeVersions notices) {
        return notices.forPurpose(event.purpose())
                .filter(notice -> event.noticeVersion() > notice.latest())
                .map(notice -> new FieldError(
                        "noticeVersion",
                        "version " + event.noticeVersion() + " of the notice of purpose " + event.purpose()
                                + " is not published; the latest is version " + notice.latest()));
    }

    private static Optional<FieldError> clientTimeError(
            @Nullable Instant clientTime, Instant serverTime, Duration clockTolerance) {
        if (clockTolerance.isNegative()) {
            throw InvalidInputException.of(
                    "clockTolerance", "a clock tolerance cannot be negative, got " + clockTolerance);
        }
        if (clientTime == null) {
            return Optional.empty();
        }
        Duration ahead = Duration.between(serverTime, clientTime);
        if (ahead.compareTo(clockTolerance) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(
                "clientTime",
                "the device's clock is " + describe(ahead) + " ahead of Custodia's; at most " + describe(clockTolerance)
                        + " is accepted: check the device's date and time"));
    }

    /** A duration in hours, minutes and seconds, rounded up to the second so that it never reads as smaller. */
    private static String describe(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        List<String> parts = new ArrayList<>();
        if (seconds >= 3600) {
            parts.add(seconds / 3600 + " h");
        }
        if (seconds % 3600 >= 60) {
            parts.add(seconds % 3600 / 60 + " min");
        }
        if (seconds % 60 > 0 || parts.isEmpty()) {
            parts.add(seconds % 60 + " s");
        }
        return String.join(" ", parts);
    }
}
