package io.custodia.core.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.ActivityDraft.Retention;
import io.custodia.core.register.ActivityDraft.Transfer;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RegisterRulesTest {

    /** A small catalog held in memory: a few terms, one system, one dataset, two recipients. */
    static final RegisterCatalog CATALOG = new RegisterCatalog() {
        private final List<Term> terms = List.of(
                term(TermKind.PURPOSE, "service.billing", false),
                term(TermKind.PURPOSE, "marketing.personalised_offers", false),
                term(TermKind.DATA_CATEGORY, "user.contact.email", false),
                term(TermKind.DATA_CATEGORY, "user.health", true),
                term(TermKind.DATA_CATEGORY, "user.health.mental", false),
                term(TermKind.SUBJECT_TYPE, "customer", false));

        @Override
        public Optional<Term> purpose(TermKey key) {
            return find(TermKind.PURPOSE, key);
        }

        @Override
        public Optional<Term> dataCategory(TermKey key) {
            return find(TermKind.DATA_CATEGORY, key);
        }

        @Override
        public Optional<Term> subjectType(TermKey key) {
            return find(TermKind.SUBJECT_TYPE, key);
        }

        @Override
        public boolean hasSystem(String key) {
            return key.equals("crm");
        }

        @Override
        public boolean hasDataset(String key) {
            return key.equals("crm-customers");
        }

        @Override
        public Optional<Recipient> recipient(String key) {
            return switch (key) {
                case "cloud-us" -> Optional.of(processor(key, "US", false));
                case "cloud-dpf" -> Optional.of(processor(key, "US", true));
                default -> Optional.empty();
            };
        }

        private Optional<Term> find(TermKind kind, TermKey key) {
            return terms.stream()
                    .filter(term -> term.kind() == kind && term.key().equals(key))
                    .findFirst();
        }
    };

    static Term term(TermKind kind, String key, boolean special) {
        return new Term(
                kind, TermKey.of(key), Map.of("en", key), Map.of(), "https://w3id.org/dpv#Thing", special, null);
    }

    static Recipient processor(String key, String country, boolean dpfCertified) {
        return new Recipient(
                key, key, RecipientRole.PROCESSOR, country, null, null, RecipientStatus.APPROVED, dpfCertified);
    }

    /** A draft that breaks no rule. */
    static ActivityDraft complete() {
        return new Fields().build();
    }

    static Findings check(Consumer<Fields> change) {
        var fields = new Fields();
        change.accept(fields);
        return RegisterRules.check(fields.build(), CATALOG);
    }

    static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void completeDraft_hasNoFindings() {
        Findings findings = RegisterRules.check(complete(), CATALOG);
        assertThat(findings.all()).isEmpty();
        assertThat(findings.complete()).isTrue();
    }

    @Test
    void blankName_isAnError() {
        var findings = check(f -> f.name = "  ");
        assertThat(fields(findings.errors())).containsExactly("name");
        assertThat(findings.storable()).isFalse();
    }

    @Test
    void missingControllerContact_isAGap() {
        var findings = check(f -> f.controllerContact = null);
        assertThat(findings.errors()).isEmpty();
        assertThat(fields(findings.gaps())).containsExactly("controllerContact");
    }

    @Test
    void unknownPurpose_isAnErrorNamingTheIndex() {
        var findings = check(f -> f.purposes.set(1, new PurposeUse("marketing.unknown", "consent", "n", null)));
        assertThat(fields(findings.errors())).containsExactly("purposes[1].key");
        assertThat(findings.errors().get(0).message()).contains("marketing.unknown");
    }

    @Test
    void malformedPurposeKey_isAnError() {
        var findings = check(f -> f.purposes.set(0, new PurposeUse("Service Billing", "contract", null, null)));
        assertThat(fields(findings.errors())).containsExactly("purposes[0].key");
    }

    @Test
    void samePurposeTwice_isAnError() {
        var findings = check(f -> f.purposes.set(1, new PurposeUse("service.billing", "contract", null, null)));
        assertThat(fields(findings.errors())).containsExactly("purposes[1].key");
    }

    @Test
    void legalBasisOutsideTheSix_isAnError() {
        var findings = check(f -> f.purposes.set(0, new PurposeUse("service.billing", "because", null, null)));
        assertThat(fields(findings.errors())).containsExactly("purposes[0].legalBasis");
        assertThat(findings.errors().get(0).message()).contains("legitimate_interest");
    }

    @Test
    void missingLegalBasis_isAGap() {
        var findings = check(f -> f.purposes.set(0, new PurposeUse("service.billing", null, null, null)));
        assertThat(findings.errors()).isEmpty();
        assertThat(fields(findings.gaps())).containsExactly("purposes[0].legalBasis");
    }

    @Test
    void consentPurposeWithoutNotice_isAGap() {
        var findings =
                check(f -> f.purposes.set(1, new PurposeUse("marketing.personalised_offers", "consent", null, null)));
        assertThat(findings.errors()).isEmpty();
        assertThat(fields(findings.gaps())).containsExactly("purposes[1].notice");
    }

    @Test
    void contractPurposeWithoutNotice_isFine() {
        var findings = check(f -> f.purposes.set(0, new PurposeUse("service.billing", "contract", null, null)));
        assertThat(findings.all()).isEmpty();
    }

    @Test
    void malformedRenewalPeriod_isAnError() {
        var findings = check(
                f -> f.purposes.set(1, new PurposeUse("marketing.personalised_offers", "consent", "n", "13 months")));
        assertThat(fields(findings.errors())).containsExactly("purposes[1].renewalPeriod");
    }

    @Test
    void noPurpose_isAGap() {
        var findings = check(f -> f.purposes = List.of());
        assertThat(fields(findings.gaps())).containsExactly("purposes");
    }

    @Test
    void unknownDataCategory_isAnError() {
        var findings = check(f -> f.dataCategories = List.of("user.contact.email", "user.secret"));
        assertThat(fields(findings.errors())).containsExactly("dataCategories[1]");
    }

    @Test
    void noDataCategory_isAGap() {
        var findings = check(f -> f.dataCategories = List.of());
        assertThat(fields(findings.gaps())).containsExactly("dataCategories");
    }

    @Test
    void specialCategoryWithoutArt9Condition_isAGapNamingTheCategory() {
        var findings = check(f -> f.dataCategories = List.of("user.contact.email", "user.health"));
        assertThat(fields(findings.gaps())).containsExactly("art9Condition");
        assertThat(findings.gaps().get(0).message()).contains("user.health");
    }

    @Test
    void categoryUnderASpecialOne_isSpecialToo() {
        var findings = check(f -> f.dataCategories = List.of("user.health.mental"));
        assertThat(fields(findings.gaps())).containsExactly("art9Condition");
    }

    @Test
    void specialCategoryWithArt9Condition_isFine() {
        var findings = check(f -> {
            f.dataCategories = List.of("user.health");
            f.art9Condition = "explicit_consent";
        });
        assertThat(findings.all()).isEmpty();
    }

    @Test
    void unknownArt9Condition_isAnError() {
        var findings = check(f -> f.art9Condition = "because_we_can");
        assertThat(fields(findings.errors())).containsExactly("art9Condition");
    }

    @Test
    void unknownSubjectType_isAnError() {
        var findings = check(f -> f.subjectTypes = List.of("customer", "martian"));
        assertThat(fields(findings.errors())).containsExactly("subjectTypes[1]");
    }

    @Test
    void noSubjectType_isAGap() {
        var findings = check(f -> f.subjectTypes = List.of());
        assertThat(fields(findings.gaps())).containsExactly("subjectTypes");
    }

    @Test
    void unknownSystemDatasetAndRecipient_areErrors() {
        var findings = check(f -> {
            f.systems = List.of("erp");
            f.datasets = List.of("x");
            f.recipients = List.of("cloud-us", "y");
        });
        assertThat(fields(findings.errors())).containsExactly("systems[0]", "datasets[0]", "recipients[1]");
    }

    @Test
    void transferWithoutAdequacyOrSafeguard_isAGap() {
        var findings = check(f -> f.transfers = (List.of(new Transfer("CN", null, "none"))));
        assertThat(fields(findings.gaps())).containsExactly("transfers[0].safeguard");
        assertThat(findings.gaps().get(0).message()).contains("CN");
    }

    @Test
    void transferWithoutSafeguardField_countsAsNone() {
        var findings = check(f -> f.transfers = (List.of(new Transfer("MA", null, null))));
        assertThat(fields(findings.gaps())).containsExactly("transfers[0].safeguard");
    }

    @Test
    void transferClaimingAdequacyWhereThereIsNone_isAGap() {
        var findings = check(f -> f.transfers = (List.of(new Transfer("SN", null, "adequacy"))));
        assertThat(fields(findings.gaps())).containsExactly("transfers[0].safeguard");
    }

    @Test
    void transferToAdequateCountry_needsNoSafeguard() {
        var findings =
                check(f -> f.transfers = (List.of(new Transfer("CH", null, "none"), new Transfer("DE", null, null))));
        assertThat(findings.all()).isEmpty();
    }

    @Test
    void transferWithStandardClauses_isFine() {
        var findings = check(f -> f.transfers = (List.of(new Transfer("NG", null, "scc"))));
        assertThat(findings.all()).isEmpty();
    }

    @Test
    void usAdequacy_onlyForDpfCertifiedRecipients() {
        assertThat(fields(check(f -> f.transfers = (List.of(new Transfer("US", "cloud-us", "adequacy"))))
                        .gaps()))
                .containsExactly("transfers[0].safeguard");
        assertThat(check(f -> {
                            f.recipients = List.of("cloud-dpf");
                            f.transfers = List.of(new Transfer("US", "cloud-dpf", "adequacy"));
                        })
                        .all())
                .isEmpty();
    }

    @Test
    void malformedTransfer_isAnErrorPerField() {
        var findings = check(f -> f.transfers = (List.of(new Transfer("usa", "nobody", "pinky_swear"))));
        assertThat(fields(findings.errors()))
                .containsExactly("transfers[0].country", "transfers[0].recipient", "transfers[0].safeguard");
        assertThat(findings.gaps()).isEmpty();
    }

    @Test
    void missingRetention_isAGap() {
        assertThat(fields(check(f -> f.retention = null).gaps())).containsExactly("retention.period");
        assertThat(fields(check(f -> f.retention = (new Retention(null, "end of contract")))
                        .gaps()))
                .containsExactly("retention.period");
    }

    @Test
    void malformedOrEmptyRetentionPeriod_isAnError() {
        assertThat(fields(check(f -> f.retention = (new Retention("five years", null)))
                        .errors()))
                .containsExactly("retention.period");
        assertThat(fields(check(f -> f.retention = (new Retention("P0D", null))).errors()))
                .containsExactly("retention.period");
        assertThat(fields(
                        check(f -> f.retention = (new Retention("P-1Y", null))).errors()))
                .containsExactly("retention.period");
    }

    @Test
    void customerTexts_areNeededInEnglishAndFrench() {
        var findings = check(f -> {
            f.explanation = Map.of("en", "We bill you.");
            f.customerValue = Map.of("fr", "Rien");
        });
        assertThat(findings.errors()).isEmpty();
        assertThat(fields(findings.gaps())).containsExactly("explanation.fr", "customerValue.en");
    }

    @Test
    void everyFinding_isReportedAtOnce() {
        var findings = check(f -> {
            f.name = "";
            f.purposes = List.of(
                    new PurposeUse("nope.nope", "contract", null, null),
                    new PurposeUse("marketing.personalised_offers", "consent", null, null));
            f.dataCategories = List.of("user.health", "user.nope");
            f.retention = null;
            f.explanation = Map.of();
        });
        assertThat(fields(findings.errors())).containsExactly("name", "purposes[0].key", "dataCategories[1]");
        assertThat(fields(findings.gaps()))
                .containsExactly(
                        "purposes[1].notice", "art9Condition", "retention.period", "explanation.en", "explanation.fr");
    }

    @Test
    void canonical_writesKeysInTheirCanonicalForm() {
        var fields = new Fields();
        fields.purposes = List.of(new PurposeUse("service.billing", "Legitimate-Interest", null, null));
        fields.art9Condition = "Explicit_Consent";
        fields.transfers = List.of(new Transfer("US", null, "SCC"), new Transfer("CN", null, "unheard_of"));
        ActivityDraft canonical = RegisterRules.canonical(fields.build());
        assertThat(canonical.purposes().get(0).legalBasis()).isEqualTo("legitimate_interest");
        assertThat(canonical.art9Condition()).isEqualTo("explicit_consent");
        assertThat(canonical.transfers()).extracting(Transfer::safeguard).containsExactly("scc", "unheard_of");
    }

    @Test
    @SuppressWarnings("NullAway") // JSON and YAML readers pass null for absent fields, whatever the declared types
    void draftInput_isNormalised() {
        var draft = new ActivityDraft(
                "  Billing  ",
                " ",
                null,
                null,
                null,
                new ArrayList<>(java.util.Arrays.asList("user.contact.email", null, " ")),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "");
        assertThat(draft.name()).isEqualTo("Billing");
        assertThat(draft.controllerContact()).isNull();
        assertThat(draft.purposes()).isEmpty();
        assertThat(draft.dataCategories()).containsExactly("user.contact.email");
        assertThat(draft.explanation()).isEmpty();
        assertThat(draft.reviewId()).isNull();
    }

    /** The fields of a complete draft, to change one or two at a time. */
    static final class Fields {
        String name = "Customer billing";

        @Nullable
        String controllerContact = "Custodia SA, 1 rue de la Paix, Paris";

        List<PurposeUse> purposes = new ArrayList<>(List.of(
                new PurposeUse("service.billing", "contract", null, null),
                new PurposeUse("marketing.personalised_offers", "consent", "notice:offers", "P13M")));

        @Nullable
        String art9Condition;

        List<String> dataCategories = List.of("user.contact.email");
        List<String> subjectTypes = List.of("customer");
        List<String> systems = List.of("crm");
        List<String> datasets = List.of("crm-customers");
        List<String> recipients = List.of("cloud-us");
        List<Transfer> transfers = List.of(new Transfer("US", "cloud-us", "scc"));

        @Nullable
        Retention retention = new Retention("P5Y", "end of contract");

        Map<String, String> explanation = Map.of("en", "We bill you.", "fr", "Nous vous facturons.");
        Map<String, String> customerValue = Map.of("en", "Correct bills.", "fr", "Des factures justes.");

        ActivityDraft build() {
            return new ActivityDraft(
                    name,
                    controllerContact,
                    "dpo@example.com",
                    purposes,
                    art9Condition,
                    dataCategories,
                    subjectTypes,
                    systems,
                    datasets,
                    recipients,
                    transfers,
                    retention,
                    List.of("encryption at rest"),
                    explanation,
                    customerValue,
                    null);
        }
    }
}
