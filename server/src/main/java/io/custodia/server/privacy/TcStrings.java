package io.custodia.server.privacy;

import com.iabtcf.encoder.TCStringEncoder;
import io.custodia.server.consent.PurposeState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds IAB TCF v2.2 TC strings from a customer's consent states, with the official IAB encoder ({@code
 * com.iabtcf:iabtcf-encoder}), so that any TCF decoder reads them.
 *
 * <p>A TCF purpose gets its consent bit when every Custodia purpose the entity maps to it is granted, so that a
 * refusal of any of them clears it; a vendor gets its bit when every Custodia purpose it needs is granted. Nothing is
 * signalled on legitimate interest: the prompt asks for consent only. Created and last-updated times are rounded to
 * the day, so that the string does not tell the exact moment of the choice.
 */
@Component
class TcStrings {
    /** TCF policy version 4: TCF v2.2. */
    static final int POLICY_VERSION = 4;

    private final int cmpId;
    private final int cmpVersion;
    private final int vendorListVersion;

    TcStrings(
            @Value("${custodia.prompt.tcf.cmp-id:0}") int cmpId,
            @Value("${custodia.prompt.tcf.cmp-version:1}") int cmpVersion,
            @Value("${custodia.prompt.tcf.vendor-list-version:1}") int vendorListVersion) {
        this.cmpId = cmpId;
        this.cmpVersion = cmpVersion;
        this.vendorListVersion = vendorListVersion;
    }

    /**
     * A TC string and what it says, for the prompt's {@code __tcfapi}.
     *
     * @param tcString the encoded string (core segment)
     * @param purposeConsents the TCF purposes consented to, ascending
     * @param vendorConsents the TCF vendors consented to, ascending
     * @param cmpId the CMP id written in the string
     * @param cmpVersion the CMP version written in the string
     * @param policyVersion the TCF policy version written in the string
     * @param publisherCountry the publisher's country code
     */
    record TcData(
            String tcString,
            List<Integer> purposeConsents,
            List<Integer> vendorConsents,
            int cmpId,
            int cmpVersion,
            int policyVersion,
            String publisherCountry) {}

    /**
     * The TC string of a customer's states.
     *
     * @param states the customer's state per Custodia purpose
     * @param updated when the customer last chose; rounded to the day
     * @param language the language the prompt was shown in (two letters)
     * @param country the publisher's country (two letters)
     */
    TcData build(
            PromptSettings.Settings settings,
            List<PurposeState> states,
            Instant updated,
            String language,
            String country) {
        Set<String> granted = states.stream()
                .filter(state -> state.status().equals("granted"))
                .map(PurposeState::purpose)
                .collect(Collectors.toSet());
        Set<Integer> purposes = new TreeSet<>();
        for (int tcfPurpose = 1; tcfPurpose <= PromptSettings.TCF_PURPOSES; tcfPurpose++) {
            int wanted = tcfPurpose;
            Set<String> mapped = settings.tcfPurposes().entrySet().stream()
                    .filter(entry -> entry.getValue().contains(wanted))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            if (!mapped.isEmpty() && granted.containsAll(mapped)) {
                purposes.add(tcfPurpose);
            }
        }
        Set<Integer> vendors = new TreeSet<>();
        settings.tcfVendors().forEach((vendor, needed) -> {
            if (granted.containsAll(needed)) {
                vendors.add(Integer.valueOf(vendor));
            }
        });
        Instant day = updated.truncatedTo(ChronoUnit.DAYS);
        TCStringEncoder.Builder encoder = TCStringEncoder.newBuilder()
                .version(2)
                .created(day)
                .lastUpdated(day)
                .cmpId(cmpId)
                .cmpVersion(cmpVersion)
                .consentScreen(1)
                .consentLanguage(language.toUpperCase(Locale.ROOT))
                .vendorListVersion(vendorListVersion)
                .tcfPolicyVersion(POLICY_VERSION)
                .isServiceSpecific(true)
                .useNonStandardStacks(false)
                .purposeOneTreatment(false)
                .publisherCC(country.toUpperCase(Locale.ROOT));
        purposes.forEach(encoder::addPurposesConsent);
        vendors.forEach(encoder::addVendorConsent);
        return new TcData(
                encoder.encode(),
                List.copyOf(purposes),
                List.copyOf(vendors),
                cmpId,
                cmpVersion,
                POLICY_VERSION,
                country.toUpperCase(Locale.ROOT));
    }
}
