package io.custodia.bench.decision;

import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.ConsentState.Status;
import io.custodia.core.decision.ConsentIndex;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Policy;
import io.custodia.core.decision.Question;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A synthetic entity for the decision benchmarks: N customers and 16 purposes (12 on consent, 4 on legitimate
 * interest), every customer's state a pure function of their number, so that the engine, the Casbin peer and the
 * differential test all see the same population without storing it twice.
 *
 * <p>On a consent purpose a customer has granted (45%: half for good, half with a 13-month renewal from a grant date
 * in the last 14 months, so some have lapsed), refused (15%), withdrawn (10%), expired (5%), needs to consent again
 * (3%) or never answered (22%). On a legitimate-interest purpose 5% objected and 3% granted. 0.5% of customers are
 * erased and 0.5% restricted. A customer's grants share one date (given in one prompt, as most are), except for one
 * customer in twenty who answered a second prompt some days later: half of their grants carry that later date, and so
 * an expiry of their own.
 */
public final class Population {
    /** The purposes, consent ones first. */
    public static final int PURPOSES = 16;

    /** How many purposes are on consent; the rest are on legitimate interest. */
    public static final int CONSENT_PURPOSES = 12;

    /** The entity. */
    public static final String ENTITY = "FR";

    /** The instant every decision is asked at. */
    public static final long NOW = Instant.parse("2026-06-15T12:00:00Z").getEpochSecond();

    private static final long DAY = 86_400;
    private static final long RENEWAL = 396 * DAY;

    private static final List<TermKey> PURPOSE_KEYS = new ArrayList<>();

    static {
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            PURPOSE_KEYS.add(TermKey.of((purpose < CONSENT_PURPOSES ? "marketing.p" : "analytics.p") + purpose));
        }
    }

    private Population() {}

    /** The purpose with a number. */
    public static TermKey purpose(int purpose) {
        return PURPOSE_KEYS.get(purpose);
    }

    /** The id of customer number {@code subject}. */
    public static UUID id(int subject) {
        return new UUID(mix(subject ^ 0x5EEDL), subject);
    }

    /** The customer's consent status for a purpose. */
    public static Status status(int subject, int purpose) {
        int roll = (int) Long.remainderUnsigned(mix(((long) subject << 8) | purpose), 100);
        if (purpose < CONSENT_PURPOSES) {
            if (roll < 45) {
                return Status.GRANTED;
            } else if (roll < 60) {
                return Status.REFUSED;
            } else if (roll < 70) {
                return Status.WITHDRAWN;
            } else if (roll < 75) {
                return Status.EXPIRED;
            } else if (roll < 78) {
                return Status.RECONSENT_REQUIRED;
            }
            return Status.NONE;
        }
        return roll < 5 ? Status.OBJECTED : roll < 8 ? Status.GRANTED : Status.NONE;
    }

    /** When the customer's grant for a purpose must be renewed, in epoch seconds, or null when it need not be. */
    public static @Nullable Instant expiresAt(int subject, int purpose) {
        if (purpose >= CONSENT_PURPOSES || status(subject, purpose) != Status.GRANTED) {
            return null;
        }
        long roll = mix(((long) subject << 8) | purpose | 0x80L);
        if ((roll & 1) == 0) {
            return null;
        }
        long grantedAt = NOW - Long.remainderUnsigned(mix(subject), 425 * DAY);
        long secondPrompt = mix(subject ^ 0x2DL);
        if (Long.remainderUnsigned(secondPrompt, 20) == 0 && ((roll >>> 1) & 1) == 0) {
            grantedAt += 1 + Long.remainderUnsigned(secondPrompt >>> 8, 30 * DAY);
        }
        return Instant.ofEpochSecond(grantedAt + RENEWAL);
    }

    /** Whether the customer's data was erased. */
    public static boolean erased(int subject) {
        return Long.remainderUnsigned(mix(subject ^ 0xE5L), 1000) < 5;
    }

    /** Whether the customer restricted processing. */
    public static boolean restricted(int subject) {
        return Long.remainderUnsigned(mix(subject ^ 0x7EL), 1000) < 5;
    }

    /** Whether a customer may be used for a purpose at {@link #NOW}, by the rules of the model, written plainly. */
    public static boolean allowed(int subject, int purpose) {
        if (erased(subject) || restricted(subject)) {
            return false;
        }
        Status status = status(subject, purpose);
        if (purpose < CONSENT_PURPOSES) {
            Instant expiresAt = expiresAt(subject, purpose);
            return status == Status.GRANTED && (expiresAt == null || NOW < expiresAt.getEpochSecond());
        }
        return status != Status.OBJECTED;
    }

    /** The entity's policy: one active activity per purpose, in the EU pack. */
    public static Policy policy() {
        Policy.Builder builder =
                Policy.builder(ENTITY).jurisdiction(JurisdictionPacks.builtIn().get("eu-gdpr"));
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            builder.activity(Policy.Activity.active(
                    "activity-" + purpose,
                    purpose(purpose),
                    purpose < CONSENT_PURPOSES ? LegalBasis.CONSENT : LegalBasis.LEGITIMATE_INTEREST,
                    Set.of(TermKey.of("user"))));
        }
        return builder.build();
    }

    /** The questions, one per purpose, about every category the activity declares. */
    public static Question[] questions() {
        Question[] questions = new Question[PURPOSES];
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            questions[purpose] = Question.of(purpose(purpose));
        }
        return questions;
    }

    /** An engine holding the first {@code subjects} customers, numbered as here. */
    public static Engine engine(int subjects) {
        Policy policy = policy();
        ConsentIndex index = ConsentIndex.create(subjects);
        Engine engine = Engine.of(policy, index);
        for (int subject = 0; subject < subjects; subject++) {
            UUID id = id(subject);
            for (int purpose = 0; purpose < PURPOSES; purpose++) {
                Status status = status(subject, purpose);
                // Purpose 0 always, so that every customer gets an ordinal, equal to their number here.
                if (status != Status.NONE || purpose == 0) {
                    index.load(id, purpose(purpose), status, expiresAt(subject, purpose));
                }
            }
            if (erased(subject) || restricted(subject)) {
                engine.apply(new SubjectFlagsChanged(
                        id, ENTITY, erased(subject), restricted(subject), AgeBand.UNKNOWN, false));
            }
        }
        return engine;
    }

    /** A 64-bit mix (SplitMix64's finaliser). */
    static long mix(long value) {
        long mixed = value + 0x9E3779B97F4A7C15L;
        mixed = (mixed ^ (mixed >>> 30)) * 0xBF58476D1CE4E5B9L;
        mixed = (mixed ^ (mixed >>> 27)) * 0x94D049BB133111EBL;
        return mixed ^ (mixed >>> 31);
    }
}
