package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long consent choices about one purpose last: the part of the register that folding and recording need.
 *
 * <p>Periods are calendar periods counted in UTC from the instant of the event, so 13 months from 31 January at
 * 10:00 UTC end on the last day of February of the next year at 10:00 UTC.
 *
 * @param purpose the purpose
 * @param legalBasis the legal basis the purpose is processed on
 * @param renewal how long a grant lasts before it must be renewed (CNIL: 13 months for trackers), or null when it
 *     lasts until withdrawn; only for purposes processed on consent
 * @param refusalRetention how long a refusal is kept before the customer may be asked again (CNIL: about 6 months);
 *     zero lets the customer be asked again at once
 */
public record PurposePolicy(
        TermKey purpose, LegalBasis legalBasis, @Nullable Period renewal, Period refusalRetention) {

    /** The CNIL's recommended lifetime of consent to trackers: 13 months. */
    public static final Period CNIL_RENEWAL = Period.ofMonths(13);

    /** The CNIL's recommended time to keep a refusal before asking again: 6 months. */
    public static final Period CNIL_REFUSAL_RETENTION = Period.ofMonths(6);

    public PurposePolicy {
        if (renewal != null) {
            if (renewal.isNegative() || renewal.isZero()) {
                throw InvalidInputException.of("renewal", "a renewal period must be positive, got " + renewal);
            }
            if (legalBasis != LegalBasis.CONSENT) {
                throw InvalidInputException.of(
                        "renewal",
                        "only consent is renewed; purpose " + purpose + " is processed on "
                                + legalBasis.key().replace('_', ' ') + " (GDPR Art. " + legalBasis.article() + ")");
            }
        }
        if (refusalRetention.isNegative()) {
            throw InvalidInputException.of(
                    "refusalRetention", "a refusal retention period cannot be negative, got " + refusalRetention);
        }
    }

    /** A purpose processed on consent whose grants must be renewed after {@code renewal}. */
    public static PurposePolicy consent(TermKey purpose, Period renewal, Period refusalRetention) {
        return new PurposePolicy(purpose, LegalBasis.CONSENT, renewal, refusalRetention);
    }

    /** A purpose processed on consent whose grants last until withdrawn. */
    public static PurposePolicy consentWithoutRenewal(TermKey purpose, Period refusalRetention) {
        return new PurposePolicy(purpose, LegalBasis.CONSENT, null, refusalRetention);
    }

    /**
     * A purpose processed on a legal basis other than consent, on which nothing is renewed and nothing refused.
     *
     * @throws InvalidInputException for {@link LegalBasis#CONSENT}, whose periods must be stated
     */
    public static PurposePolicy of(TermKey purpose, LegalBasis legalBasis) {
        if (legalBasis == LegalBasis.CONSENT) {
            throw InvalidInputException.of(
                    "legalBasis",
                    "purpose " + purpose + " is processed on consent: state its renewal and refusal retention periods");
        }
        return new PurposePolicy(purpose, legalBasis, null, Period.ZERO);
    }

    /** The first instant at which a grant recorded at {@code grantedAt} is no longer in force, absent without renewal. */
    public Optional<Instant> expiryOf(Instant grantedAt) {
        return renewal == null ? Optional.empty() : Optional.of(plus(grantedAt, renewal));
    }

    /** The first instant at which a customer who refused at {@code refusedAt} may be asked again. */
    public Instant askAgainAfter(Instant refusedAt) {
        return plus(refusedAt, refusalRetention);
    }

    // Months have no fixed length, so an Instant cannot add them; UTC keeps the result the same on every machine.
    private static Instant plus(Instant instant, Period period) {
        return instant.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }
}
