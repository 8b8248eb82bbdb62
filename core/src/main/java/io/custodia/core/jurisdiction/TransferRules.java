package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a jurisdiction requires before personal data leaves it, by destination country (ISO 3166-1 alpha-2 codes).
 *
 * @param freeMovement countries data moves to as freely as inside the jurisdiction (the EEA for the GDPR, the
 *     country itself for a national law)
 * @param adequate countries recognised as giving an adequate level of protection, some only under a condition
 * @param otherwise what every other destination needs: {@link Requirement#SAFEGUARDS} or {@link
 *     Requirement#AUTHORITY_AUTHORISATION}
 */
public record TransferRules(Set<String> freeMovement, List<Adequacy> adequate, Requirement otherwise) {

    public TransferRules {
        freeMovement = Collections.unmodifiableSortedSet(new TreeSet<>(freeMovement));
        adequate = List.copyOf(adequate);
        for (String country : freeMovement) {
            checkCountry("transfers.free_movement", country);
        }
        if (otherwise != Requirement.SAFEGUARDS && otherwise != Requirement.AUTHORITY_AUTHORISATION) {
            throw InvalidInputException.of(
                    "transfers.otherwise", "must be safeguards or authority_authorisation, got " + otherwise);
        }
    }

    /** What a transfer to the country needs under these rules. */
    public Requirement requirementFor(String country) {
        if (freeMovement.contains(country)) {
            return Requirement.NONE;
        }
        return adequacyFor(country)
                .map(adequacy -> adequacy.conditional() ? Requirement.ADEQUACY_CONDITION : Requirement.NONE)
                .orElse(otherwise);
    }

    /** The adequacy recognition of the country, if it has one. */
    public Optional<Adequacy> adequacyFor(String country) {
        return adequate.stream()
                .filter(adequacy -> adequacy.country().equals(country))
                .findFirst();
    }

    /**
     * A country recognised as adequate.
     *
     * @param country ISO 3166-1 alpha-2 code
     * @param condition when the recognition covers only some recipients (for example organisations certified under
     *     the EU-US Data Privacy Framework), the condition in words; null when it covers the whole country
     */
    public record Adequacy(String country, @Nullable String condition) {
        public Adequacy {
            checkCountry("transfers.adequate", country);
        }

        /** Whether the recognition holds only for recipients that meet the condition. */
        public boolean conditional() {
            return condition != null;
        }
    }

    /** What a transfer needs before it may happen. */
    public enum Requirement {
        /** Nothing beyond the rest of the law. */
        NONE,
        /**
         * The recipient must meet the adequacy condition (such as a Data Privacy Framework certification); if it
         * does not, the jurisdiction's {@code otherwise} requirement applies.
         */
        ADEQUACY_CONDITION,
        /** Appropriate safeguards (standard clauses, binding corporate rules …) or a listed derogation. */
        SAFEGUARDS,
        /** The authority's prior authorisation. */
        AUTHORITY_AUTHORISATION
    }

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    static boolean isCountryCode(String code) {
        return ISO_COUNTRIES.contains(code);
    }

    private static void checkCountry(String field, String country) {
        if (!isCountryCode(country)) {
            throw InvalidInputException.of(
                    field, "not an ISO 3166-1 alpha-2 country code in capitals: '" + country + "'");
        }
    }
}
