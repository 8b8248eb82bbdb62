package io.custodia.server.consent;

import io.custodia.core.consent.PurposePolicy;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.register.ActivityFilter;
import io.custodia.server.register.ActivityView;
import io.custodia.server.register.Register;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The purposes an entity's active processing activities declare, with the policy each gives the consent fold.
 *
 * <p>When several active activities declare one purpose on different legal bases, the purpose is treated on the basis
 * that asks most of the company: consent first, then legitimate interest, then public task, then the rest. So a
 * purpose that any activity processes on consent needs a grant everywhere. Among consent declarations, the shortest
 * renewal period wins.
 */
@Component
class PurposeCatalog {
    /** How long a refusal is kept before the customer may be asked again (CNIL: about 6 months). */
    static final Period REFUSAL_RETENTION = PurposePolicy.CNIL_REFUSAL_RETENTION;

    private static final List<LegalBasis> PRECEDENCE = List.of(
            LegalBasis.CONSENT,
            LegalBasis.LEGITIMATE_INTEREST,
            LegalBasis.PUBLIC_TASK,
            LegalBasis.CONTRACT,
            LegalBasis.LEGAL_OBLIGATION,
            LegalBasis.VITAL_INTEREST);

    // Periods have no order of their own; comparing what they add to one instant is enough to pick the shortest.
    private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

    private final Register register;

    PurposeCatalog(Register register) {
        this.register = register;
    }

    /** The purposes the entity's active activities declare, by key. The caller must be able to see the entity. */
    Map<TermKey, DeclaredPurpose> of(String entityCode) {
        List<ActivityView> active =
                register.activities(new ActivityFilter(entityCode, "active", null, null, null, null));
        Map<TermKey, List<Declaration>> declarations = new TreeMap<>();
        for (ActivityView activity : active) {
            for (PurposeUse use : activity.content().purposes()) {
                if (!TermKey.isValid(use.key()) || use.legalBasis() == null) {
                    continue;
                }
                declarations
                        .computeIfAbsent(TermKey.of(use.key()), key -> new ArrayList<>())
                        .add(new Declaration(activity, use));
            }
        }
        Map<TermKey, DeclaredPurpose> purposes = new LinkedHashMap<>();
        declarations.forEach((purpose, declared) -> policy(purpose, declared)
                .ifPresent(policy -> purposes.put(
                        purpose,
                        new DeclaredPurpose(
                                purpose,
                                policy,
                                declared.stream()
                                        .map(Declaration::activity)
                                        .distinct()
                                        .toList()))));
        return purposes;
    }

    private record Declaration(ActivityView activity, PurposeUse use) {
        @Nullable
        LegalBasis basis() {
            String key = use.legalBasis();
            for (LegalBasis basis : LegalBasis.values()) {
                if (basis.key().equals(key)) {
                    return basis;
                }
            }
            return null;
        }

        @Nullable
        Period renewal() {
            String period = use.renewalPeriod();
            if (period == null) {
                return null;
            }
            try {
                Period parsed = Period.parse(period);
                return parsed.isNegative() || parsed.isZero() ? null : parsed;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static Instant end(Period period) {
        return REFERENCE.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    private static Optional<PurposePolicy> policy(TermKey purpose, List<Declaration> declared) {
        for (LegalBasis basis : PRECEDENCE) {
            List<Declaration> onBasis = declared.stream()
                    .filter(declaration -> declaration.basis() == basis)
                    .toList();
            if (onBasis.isEmpty()) {
                continue;
            }
            if (basis != LegalBasis.CONSENT) {
                return Optional.of(PurposePolicy.of(purpose, basis));
            }
            @Nullable Period shortest = null;
            for (Declaration declaration : onBasis) {
                @Nullable Period renewal = declaration.renewal();
                if (renewal != null && (shortest == null || end(renewal).isBefore(end(shortest)))) {
                    shortest = renewal;
                }
            }
            return Optional.of(
                    shortest != null
                            ? PurposePolicy.consent(purpose, shortest, REFUSAL_RETENTION)
                            : PurposePolicy.consentWithoutRenewal(purpose, REFUSAL_RETENTION));
        }
        return Optional.empty();
    }
}
