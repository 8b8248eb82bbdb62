package io.custodia.core.decision;

import static io.custodia.core.decision.ConsentIndex.EXPIRED;
import static io.custodia.core.decision.ConsentIndex.GRANTED;
import static io.custodia.core.decision.ConsentIndex.GRANTED_EXPIRING;
import static io.custodia.core.decision.ConsentIndex.NONE;
import static io.custodia.core.decision.ConsentIndex.OBJECTED;
import static io.custodia.core.decision.ConsentIndex.RECONSENT_REQUIRED;
import static io.custodia.core.decision.ConsentIndex.REFUSED;
import static io.custodia.core.decision.ConsentIndex.WITHDRAWN;

import io.custodia.core.decision.Decision.Allow;
import io.custodia.core.decision.Decision.Deny;
import io.custodia.core.jurisdiction.TransferRules.Requirement;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.Recipient;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.register.RecipientStatus;
import io.custodia.core.register.Safeguard;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Question} compiled against one policy: the checks that depend only on the policy (steps 1 to 5 of the
 * decision order, but for an agreement's end date) are done once here, and what is left per customer is a handful of
 * comparisons over the customer's packed state, with every answer preallocated.
 */
final class CompiledQuestion {
    final Policy policy;
    final ConsentIndex index;
    final int slot;
    final int wordIndex;

    /** The best denial among the activities that failed a policy check, or null when none failed. */
    final @Nullable Deny policyDenial;

    /** The activities that passed every policy check, in the policy's order. */
    final Route[] routes;

    private CompiledQuestion(Policy policy, ConsentIndex index, int slot, @Nullable Deny policyDenial, Route[] routes) {
        this.policy = policy;
        this.index = index;
        this.slot = slot;
        this.wordIndex = Math.max(slot, 0) / ConsentIndex.SLOTS_PER_WORD;
        this.policyDenial = policyDenial;
        this.routes = routes;
    }

    static CompiledQuestion compile(Question question, Policy policy, ConsentIndex index) {
        TermKey purpose = question.purpose();
        List<Policy.Activity> declaring = policy.declaring(purpose);
        if (declaring.isEmpty()) {
            Deny denial = new Deny(
                    Reason.PURPOSE_NOT_DECLARED,
                    "No active processing activity in the register declares the purpose " + purpose + ".");
            return new CompiledQuestion(policy, index, -1, denial, new Route[0]);
        }
        int slot = index.slotFor(purpose);
        Deny best = null;
        List<Route> routes = new ArrayList<>();
        for (Policy.Activity activity : declaring) {
            Deny denial = policyDenial(question, policy, activity);
            if (denial == null) {
                routes.add(new Route(question, policy, activity, slot));
            } else if (best == null || denial.reason().compareTo(best.reason()) > 0) {
                best = denial;
            }
        }
        return new CompiledQuestion(policy, index, slot, best, routes.toArray(new Route[0]));
    }

    /** The first policy check the activity fails for the question, or null when it passes them all. */
    private static @Nullable Deny policyDenial(Question question, Policy policy, Policy.Activity activity) {
        String name = "the activity \"" + activity.name() + "\"";
        if (activity.status() == ActivityStatus.HALTED) {
            return new Deny(
                    Reason.HALTED,
                    "The ethics committee halted " + name + ", which declares the purpose " + question.purpose() + ".");
        }
        if (activity.review() == Policy.Review.PENDING) {
            return new Deny(
                    Reason.REVIEW_PENDING,
                    name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1)
                            + " needs a review (impact assessment) that is not approved yet.");
        }
        Set<TermKey> undeclared = question.categories().stream()
                .filter(asked -> activity.categories().stream().noneMatch(asked::isWithin))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!undeclared.isEmpty()) {
            return new Deny(
                    Reason.CATEGORY_NOT_DECLARED,
                    "The data categories " + undeclared + " are not declared by " + name + " for the purpose "
                            + question.purpose() + ".");
        }
        String recipientKey = question.recipient();
        if (recipientKey == null) {
            return null;
        }
        if (!activity.recipients().contains(recipientKey)) {
            return new Deny(
                    Reason.RECIPIENT_NOT_APPROVED,
                    "The recipient " + recipientKey + " is not declared by " + name + ".");
        }
        Recipient recipient = policy.recipients().get(recipientKey);
        if (recipient == null) {
            return new Deny(
                    Reason.RECIPIENT_NOT_APPROVED, "The recipient " + recipientKey + " is not in the register.");
        }
        if (recipient.status() == RecipientStatus.SUSPENDED) {
            return new Deny(Reason.RECIPIENT_NOT_APPROVED, "The recipient " + recipient.name() + " is suspended.");
        }
        if (recipient.role() == RecipientRole.PROCESSOR && recipient.dpaReference() == null) {
            return new Deny(
                    Reason.RECIPIENT_NOT_APPROVED,
                    "The processor " + recipient.name() + " has no data-processing agreement (GDPR Art. 28).");
        }
        return transferDenial(policy, activity, recipient, name);
    }

    private static @Nullable Deny transferDenial(
            Policy policy, Policy.Activity activity, Recipient recipient, String name) {
        String country = recipient.country();
        Requirement requirement = policy.jurisdiction().transfers().requirementFor(country);
        if (requirement == Requirement.NONE) {
            return null;
        }
        if (requirement == Requirement.ADEQUACY_CONDITION) {
            if (recipient.dpfCertified()) {
                return null;
            }
            requirement = policy.jurisdiction().transfers().otherwise();
        }
        boolean authorisationOnly = requirement == Requirement.AUTHORITY_AUTHORISATION;
        for (Policy.Transfer transfer : activity.transfers()) {
            String named = transfer.recipient();
            boolean applies = transfer.country().equals(country) && (named == null || named.equals(recipient.key()));
            boolean lawful = authorisationOnly
                    ? transfer.safeguard() == Safeguard.AUTHORISATION
                    : transfer.safeguard() != Safeguard.NONE && transfer.safeguard() != Safeguard.ADEQUACY;
            if (applies && lawful) {
                return null;
            }
        }
        return new Deny(
                Reason.TRANSFER_NOT_ALLOWED,
                "Sending data to " + recipient.name() + " in " + country + " is a transfer that needs "
                        + (authorisationOnly ? "the authority's prior authorisation" : "appropriate safeguards")
                        + ", and " + name + " declares none for it.");
    }

    /**
     * One activity that passed the policy checks: the customer's checks, with every answer made in advance.
     *
     * <p>{@link #check} is the hot path: no allocation, no lock, a few branches.
     */
    static final class Route {
        private final int basis;
        private final int shift;
        private final int slot;
        private final int childBands;
        private final boolean gpcObjects;
        private final long agreementEnds;
        final Allow allow;
        private final Deny agreementEnded;
        private final Deny parentalConsentRequired;
        private final Deny erased;
        private final Deny restricted;
        private final Deny noConsent;
        private final Deny refused;
        private final Deny withdrawn;
        private final Deny expired;
        private final Deny reconsentRequired;
        private final Deny objected;
        private final Deny gpcObjected;

        static final int CONSENT = 0;
        static final int OBJECTABLE = 1;
        static final int OTHER = 2;

        Route(Question question, Policy policy, Policy.Activity activity, int slot) {
            TermKey purpose = question.purpose();
            LegalBasis legalBasis = activity.purposes().get(purpose);
            if (legalBasis == null) {
                throw new IllegalStateException("activity " + activity.key() + " does not declare " + purpose);
            }
            this.basis = legalBasis == LegalBasis.CONSENT ? CONSENT : legalBasis.objectable() ? OBJECTABLE : OTHER;
            this.slot = slot;
            this.shift = (slot % ConsentIndex.SLOTS_PER_WORD) * ConsentIndex.BITS_PER_SLOT;
            this.childBands = policy.childBands();
            this.gpcObjects = question.gpc() && policy.jurisdiction().gpc().appliesTo(purpose);
            this.allow = new Allow(
                    new Obligations(activity.key(), activity.retention(), activity.mask(), activity.pseudonymise()));
            String recipientKey = question.recipient();
            Recipient recipient =
                    recipientKey == null ? null : policy.recipients().get(recipientKey);
            LocalDate agreementEnd = recipient == null ? null : recipient.dpaExpiresOn();
            this.agreementEnds = agreementEnd == null
                    ? Long.MAX_VALUE
                    : agreementEnd.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            this.agreementEnded = new Deny(
                    Reason.RECIPIENT_NOT_APPROVED,
                    "The data-processing agreement with "
                            + (recipient == null ? recipientKey : recipient.name()) + " ended on " + agreementEnd
                            + ".");
            int age = policy.jurisdiction().ageOfDigitalConsent();
            this.parentalConsentRequired = new Deny(
                    Reason.PARENTAL_CONSENT_REQUIRED,
                    "The customer is under " + age + ", the age of digital consent here, and no parent has given"
                            + " consent for them.");
            this.erased = new Deny(Reason.SUBJECT_ERASED, "The customer's data was erased.");
            this.restricted = new Deny(
                    Reason.RESTRICTED, "The customer asked to restrict the processing of their data (GDPR Art. 18).");
            this.noConsent = new Deny(
                    Reason.NO_CONSENT,
                    "The purpose " + purpose + " is processed on consent, and the customer has not given it.");
            this.refused = new Deny(Reason.REFUSED, "The customer refused consent to the purpose " + purpose + ".");
            this.withdrawn =
                    new Deny(Reason.WITHDRAWN, "The customer withdrew their consent to the purpose " + purpose + ".");
            this.expired = new Deny(
                    Reason.EXPIRED,
                    "The customer's consent to the purpose " + purpose + " reached the end of its renewal period.");
            this.reconsentRequired = new Deny(
                    Reason.RECONSENT_REQUIRED,
                    "The notice for the purpose " + purpose
                            + " changed materially after the customer consented; they must be asked again.");
            this.objected = new Deny(
                    Reason.OBJECTED,
                    "The customer objected to the processing of their data for the purpose " + purpose + ".");
            this.gpcObjected = new Deny(
                    Reason.OBJECTED,
                    "The request carries a Global Privacy Control signal, which this jurisdiction treats as an"
                            + " objection to the purpose " + purpose + ".");
        }

        /** Whether only customers with a grant in force can be allowed. */
        boolean requiresGrant() {
            return basis == CONSENT;
        }

        /**
         * The decision for one customer, given their first state word, the word holding this route's slot and the
         * time. Reads the exact expiry from the index only when {@code now} is past the customer's earliest expiry.
         */
        Decision check(ConsentIndex index, ConsentIndex.Storage storage, int subject, long first, long word, long now) {
            if (now >= agreementEnds) {
                return agreementEnded;
            }
            if (basis == CONSENT) {
                int band = (int) ((first & ConsentIndex.AGE_BITS) >>> ConsentIndex.AGE_SHIFT);
                if (((childBands >>> band) & 1) != 0 && (first & ConsentIndex.PARENTAL_CONSENT) == 0) {
                    return parentalConsentRequired;
                }
            }
            if ((first & ConsentIndex.ERASED) != 0) {
                return erased;
            }
            if ((first & ConsentIndex.RESTRICTED) != 0) {
                return restricted;
            }
            int status = (int) ((word >>> shift) & ConsentIndex.SLOT_MASK);
            if (basis == CONSENT) {
                switch (status) {
                    case GRANTED:
                        return allow;
                    case GRANTED_EXPIRING:
                        if (subject < 0 || now < ConsentIndex.earliestExpiry(storage, subject)) {
                            return allow;
                        }
                        return now < index.expiryOf(storage, subject, slot) ? allow : expired;
                    case NONE:
                        return noConsent;
                    case REFUSED:
                        return refused;
                    case WITHDRAWN:
                        return withdrawn;
                    case EXPIRED:
                        return expired;
                    case RECONSENT_REQUIRED:
                        return reconsentRequired;
                    case OBJECTED:
                    default:
                        return objected;
                }
            }
            if (basis == OBJECTABLE) {
                if (status == OBJECTED) {
                    return objected;
                }
                // An explicit grant on record lifts an objection, and prevails over the general signal.
                if (gpcObjects && status != GRANTED && status != GRANTED_EXPIRING) {
                    return gpcObjected;
                }
            }
            return allow;
        }
    }
}
