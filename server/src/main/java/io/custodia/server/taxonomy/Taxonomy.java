package io.custodia.server.taxonomy;

import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Stand-in for the taxonomy feature's facade: the same signatures over a fixed in-memory list of group-wide
 * terms, so that features depending on it compile and test before the real one lands. The real facade replaces
 * this file.
 */
@Service
public class Taxonomy {
    private static final String DPV = "https://w3id.org/dpv#";
    private static final String PD = "https://w3id.org/dpv/pd#";

    private static final List<Term> TERMS = Stream.of(
                    purpose("service.provision", "Providing the service", "ServiceProvision"),
                    purpose("service.billing", "Billing", "ServiceProvision"),
                    purpose("service.customer_care", "Customer care", "CustomerCare"),
                    purpose("service.customer_care.call_recording", "Recording customer calls", "CustomerCare"),
                    purpose("security.fraud_prevention", "Fraud prevention", "FraudPreventionAndDetection"),
                    purpose("analytics.network_quality", "Network quality analytics", "ServiceOptimisation"),
                    purpose("marketing.personalised_offers", "Personalised offers", "PersonalisedAdvertising"),
                    purpose("marketing.partner_advertising", "Partner advertising", "Advertising"),
                    purpose("research.innovation", "Research and innovation", "ResearchAndDevelopment"),
                    purpose("service.connected_devices", "Connected devices", "ServiceProvision"),
                    purpose("legal.lawful_interception", "Lawful interception", "LegalCompliance"),
                    purpose("legal.tax_and_accounting", "Tax and accounting", "LegalCompliance"),
                    category("user", "User data", "PersonalData", false),
                    category("user.name", "Name", PD + "Name", false),
                    category("user.contact", "Contact details", PD + "Contact", false),
                    category("user.contact.email", "E-mail address", PD + "EmailAddress", false),
                    category("user.contact.phone_number", "Phone number", PD + "TelephoneNumber", false),
                    category("user.contact.address", "Postal address", PD + "PhysicalAddress", false),
                    category("user.account.customer_number", "Customer number", PD + "Identifier", false),
                    category("user.financial", "Financial data", PD + "Financial", false),
                    category("user.financial.bank_account", "Bank account", PD + "BankDetails", false),
                    category("user.financial.payment_card", "Payment card", PD + "CreditCardNumber", false),
                    category("user.location", "Location", PD + "Location", false),
                    category("user.location.precise", "Precise location", PD + "GPSCoordinate", false),
                    category("user.location.imprecise", "Approximate location", PD + "Location", false),
                    category("user.device", "Device data", PD + "DeviceBased", false),
                    category("user.device.device_id", "Device identifier", PD + "DeviceBased", false),
                    category("user.device.telemetry", "Device telemetry", PD + "DeviceBased", false),
                    category("user.network.call_detail_records", "Call detail records", PD + "CallLog", false),
                    category("user.network.traffic_data", "Traffic data", PD + "Communication", false),
                    category("user.behavior.browsing_history", "Browsing history", PD + "BrowsingBehavior", false),
                    category(
                            "user.behavior.purchase_history",
                            "Purchase history",
                            PD + "PurchasesAndSpendingHabit",
                            false),
                    category("user.content.voice_recording", "Voice recording", PD + "VoiceMail", false),
                    category("user.demographic.date_of_birth", "Date of birth", PD + "BirthDate", false),
                    category("user.government_id", "Government identifier", PD + "OfficialID", false),
                    category("user.health", "Health data", PD + "Health", true),
                    category("user.biometric", "Biometric data", PD + "Biometric", true),
                    subject("customer", "Customer", "Customer"),
                    subject("prospect", "Prospect", "Customer"),
                    subject("child", "Child", "Child"),
                    subject("household_member", "Household member", "DataSubject"),
                    subject("employee", "Employee", "Employee"),
                    subject("visitor", "Visitor", "Visitor"))
            .sorted(Comparator.comparing(Term::key))
            .toList();

    /** The purposes an entity may use: the group's and its own, sorted by key. */
    public List<Term> purposes(String entityCode) {
        return of(TermKind.PURPOSE);
    }

    /** The data categories an entity may use, sorted by key. */
    public List<Term> dataCategories(String entityCode) {
        return of(TermKind.DATA_CATEGORY);
    }

    /** The subject types an entity may use, sorted by key. */
    public List<Term> subjectTypes(String entityCode) {
        return of(TermKind.SUBJECT_TYPE);
    }

    /** One term of a kind as the entity sees it. */
    public Optional<Term> find(TermKind kind, String entityCode, TermKey key) {
        return TERMS.stream()
                .filter(term -> term.kind() == kind && term.key().equals(key))
                .findFirst();
    }

    private static List<Term> of(TermKind kind) {
        return TERMS.stream().filter(term -> term.kind() == kind).toList();
    }

    private static Term purpose(String key, String name, String dpv) {
        return new Term(TermKind.PURPOSE, TermKey.of(key), Map.of("en", name), Map.of(), DPV + dpv, false, null);
    }

    private static Term category(String key, String name, String dpv, boolean special) {
        String iri = dpv.startsWith("https://") ? dpv : DPV + dpv;
        return new Term(TermKind.DATA_CATEGORY, TermKey.of(key), Map.of("en", name), Map.of(), iri, special, null);
    }

    private static Term subject(String key, String name, String dpv) {
        return new Term(TermKind.SUBJECT_TYPE, TermKey.of(key), Map.of("en", name), Map.of(), DPV + dpv, false, null);
    }
}
