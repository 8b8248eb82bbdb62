package io.custodia.core.register;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The countries to which the EU lets personal data flow without further safeguards: the EEA and the countries
 * with an adequacy decision under GDPR Art. 45.
 *
 * <p>The United States is adequate only for recipients certified under the EU-US Data Privacy Framework, so it
 * is not in {@link #countries()}; {@link #covers(String, boolean)} takes the certification into account.
 * Jurisdiction packs may later carry this list as data, per jurisdiction; until then it lives here, once.
 */
public final class EuAdequacy {
    /** The country whose adequacy depends on the recipient's Data Privacy Framework certification. */
    public static final String DPF_COUNTRY = "US";

    private static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    private static final Set<String> ADEQUATE =
            Set.of("AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY");

    private static final Set<String> COUNTRIES =
            Stream.concat(EEA.stream(), ADEQUATE.stream()).collect(Collectors.toUnmodifiableSet());

    private EuAdequacy() {}

    /** The EEA and adequate countries as ISO 3166-1 alpha-2 codes (without the United States). */
    public static Set<String> countries() {
        return COUNTRIES;
    }

    /**
     * Whether personal data may go to the country on adequacy alone.
     *
     * @param country ISO 3166-1 alpha-2 code, upper case
     * @param dpfCertifiedRecipient whether the receiving organisation is certified under the EU-US Data Privacy
     *     Framework (matters only for the United States)
     */
    public static boolean covers(String country, boolean dpfCertifiedRecipient) {
        return COUNTRIES.contains(country) || (DPF_COUNTRY.equals(country) && dpfCertifiedRecipient);
    }
}
