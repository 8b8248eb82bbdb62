package io.custodia.core.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The default taxonomy that Custodia ships for a telecom group. */
class DefaultTaxonomyTest {
    private final DefaultTaxonomy taxonomy = TaxonomyFiles.defaultTaxonomy();

    @Test
    void defaultTaxonomy_holdsTheKeysOtherFeaturesRelyOn() {
        assertThat(keys(TermKind.PURPOSE))
                .contains(
                        "service.provision",
                        "service.billing",
                        "service.customer_care",
                        "service.customer_care.call_recording",
                        "security.fraud_prevention",
                        "analytics.network_quality",
                        "marketing.personalised_offers",
                        "marketing.partner_advertising",
                        "research.innovation",
                        "service.connected_devices",
                        "legal.lawful_interception",
                        "legal.tax_and_accounting");
        assertThat(keys(TermKind.DATA_CATEGORY))
                .contains(
                        "user",
                        "user.name",
                        "user.contact",
                        "user.contact.email",
                        "user.contact.phone_number",
                        "user.contact.address",
                        "user.account.customer_number",
                        "user.financial",
                        "user.financial.bank_account",
                        "user.financial.payment_card",
                        "user.location",
                        "user.location.precise",
                        "user.location.imprecise",
                        "user.device",
                        "user.device.device_id",
                        "user.device.telemetry",
                        "user.network.call_detail_records",
                        "user.network.traffic_data",
                        "user.behavior.browsing_history",
                        "user.behavior.purchase_history",
                        "user.content.voice_recording",
                        "user.demographic.date_of_birth",
                        "user.government_id",
                        "user.health",
                        "user.biometric",
                        "user.criminal_convictions");
        assertThat(keys(TermKind.SUBJECT_TYPE))
                .contains("customer", "prospect", "child", "household_member", "employee", "visitor");
    }

    @Test
    void defaultTaxonomy_flagsExactlyTheSpecialCategories() {
        assertThat(taxonomy.terms().stream().filter(Term::special).map(term -> term.key()
                        .value()))
                .containsExactlyInAnyOrder("user.health", "user.biometric", "user.criminal_convictions");
    }

    @Test
    void defaultTaxonomy_isGroupWideAndSpeaksEnglishAndFrench() {
        assertThat(taxonomy.terms()).allSatisfy(term -> {
            assertThat(term.entityCode()).isNull();
            assertThat(term.names()).containsOnlyKeys("en", "fr");
            assertThat(term.descriptions().keySet()).isIn(Set.of(), Set.of("en", "fr"));
        });
        assertThat(taxonomy.legalBases()).allSatisfy(basis -> {
            assertThat(basis.names()).containsOnlyKeys("en", "fr");
            assertThat(basis.descriptions()).containsOnlyKeys("en", "fr");
        });
    }

    @Test
    void defaultTaxonomy_namesEveryLegalBasisOnce() {
        assertThat(taxonomy.legalBases().stream().map(LegalBasisTerm::basis)).containsExactly(LegalBasis.values());
        assertThat(taxonomy.legalBases().get(0).name("fr")).isEqualTo("Consentement");
    }

    @Test
    void defaultTaxonomy_parentsComeBeforeEveryDottedKey() {
        Set<String> all = taxonomy.terms().stream()
                .map(term -> term.kind() + ":" + term.key())
                .collect(Collectors.toSet());
        assertThat(taxonomy.terms()).allSatisfy(term -> term.parent()
                .ifPresent(parent -> assertThat(all).contains(term.kind() + ":" + parent)));
    }

    @Test
    void everyDpvIriUsed_isAKnownDpv2Concept() throws IOException {
        Set<String> known = knownDpvIris();
        List<String> used = new ArrayList<>();
        taxonomy.terms().forEach(term -> used.add(term.dpv()));
        Arrays.stream(LegalBasis.values()).forEach(basis -> used.add(basis.dpv()));
        Arrays.stream(TermKind.values()).forEach(kind -> used.add(kind.genericDpv()));
        assertThat(used).allSatisfy(iri -> assertThat(known).contains(iri));
        assertThat(known)
                .allSatisfy(iri -> assertThat(TaxonomyRules.isDpvIri(iri)).isTrue());
    }

    private List<String> keys(TermKind kind) {
        return taxonomy.terms().stream()
                .filter(term -> term.kind() == kind)
                .map(term -> term.key().value())
                .toList();
    }

    static Set<String> knownDpvIris() throws IOException {
        try (InputStream in =
                Objects.requireNonNull(DefaultTaxonomyTest.class.getResourceAsStream("dpv-2.0-iris.txt"))) {
            return Stream.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toSet());
        }
    }
}
