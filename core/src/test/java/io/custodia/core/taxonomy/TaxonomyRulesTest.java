package io.custodia.core.taxonomy;

import static io.custodia.core.taxonomy.TaxonomyFilesTest.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The rules that keep the group taxonomy and its entity extensions consistent. */
class TaxonomyRulesTest {
    private static final List<Term> STORED = TaxonomyFiles.defaultTaxonomy().terms();

    @Test
    void newFideslangTerm_takesTheDpvIriOfItsNearestParent_evenOneNewInTheSameFile() {
        String yaml = """
                data_category:
                  - fides_key: user.contact.messaging.handle
                    name: Messaging handle
                  - fides_key: user.contact.messaging
                    name: Messaging accounts
                """;

        TaxonomyPlan plan = TaxonomyRules.plan(STORED, FideslangFiles.read(yaml), null);

        assertThat(plan.created()).extracting(Term::dpv).containsOnly("https://w3id.org/dpv/pd#Contact");
    }

    @Test
    void newTopLevelTerm_withoutIri_takesTheGenericConceptOfItsKind() {
        String yaml = """
                data_use:
                  - fides_key: essential
                data_subject:
                  - fides_key: reseller
                data_category:
                  - fides_key: system
                """;

        TaxonomyPlan plan = TaxonomyRules.plan(STORED, FideslangFiles.read(yaml), null);

        assertThat(plan.created())
                .extracting(term -> term.key().value(), Term::dpv, term -> term.name("en"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("essential", "https://w3id.org/dpv#Purpose", "Essential"),
                        org.assertj.core.groups.Tuple.tuple("reseller", "https://w3id.org/dpv#DataSubject", "Reseller"),
                        org.assertj.core.groups.Tuple.tuple("system", "https://w3id.org/dpv#PersonalData", "System"));
    }

    @Test
    void fideslangImportOfAnExistingTerm_replacesTheEnglishName_andKeepsFrenchIriAndFlag() {
        String yaml = """
                data_category:
                  - fides_key: user.health
                    name: Health information
                """;

        TaxonomyPlan plan = TaxonomyRules.plan(STORED, FideslangFiles.read(yaml), null);

        assertThat(plan.updated()).singleElement().satisfies(term -> {
            assertThat(term.name("en")).isEqualTo("Health information");
            assertThat(term.name("fr")).isEqualTo("Données de santé");
            assertThat(term.dpv()).isEqualTo("https://w3id.org/dpv/pd#Health");
            assertThat(term.special()).isTrue();
        });
    }

    @Test
    void fideslangCategoryUnderASpecialOne_isSpecialToo() {
        TaxonomyPlan plan = TaxonomyRules.plan(
                STORED, FideslangFiles.read("data_category:\n  - fides_key: user.health.allergies\n"), null);

        assertThat(plan.created()).singleElement().satisfies(term -> assertThat(term.special())
                .isTrue());
    }

    @Test
    void custodiaCategoryUnderASpecialOne_mustSaySo() {
        String yaml = """
                data_categories:
                  - key: user.health.allergies
                    names: {en: Allergies}
                """;

        assertThat(errors(TaxonomyFiles.readCustodia(yaml, null), null))
                .extracting(FieldError::field)
                .containsExactly("data_categories[0].special");
    }

    @Test
    void onlyDataCategories_canBeSpecial() {
        String yaml = """
                purposes:
                  - key: marketing.surveys
                    names: {en: Surveys}
                    special: true
                """;

        assertThat(errors(TaxonomyFiles.readCustodia(yaml, null), null))
                .extracting(FieldError::message)
                .containsExactly("only data categories can be special categories");
    }

    @Test
    void entity_cannotRedefineAGroupTerm_butMayRepeatItUnchanged() {
        Term email = STORED.stream()
                .filter(term -> term.key().value().equals("user.contact.email"))
                .findFirst()
                .orElseThrow();
        String same = TaxonomyFiles.writeCustodia(List.of(email));
        String changed = same.replace("Email address", "E-mail");

        assertThat(TaxonomyRules.plan(STORED, TaxonomyFiles.readCustodia(same, "FR"), "FR")
                        .unchanged())
                .containsExactly(email);
        assertThat(errors(TaxonomyFiles.readCustodia(changed, "FR"), "FR"))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("data_categories[0].key");
                    assertThat(error.message()).contains("is a group term");
                });
    }

    @Test
    void entity_addsPurposesAndCategoriesUnderExistingParents_butMayAddFlatSubjectTypes() {
        String yaml = """
                purposes:
                  - key: loyalty
                    names: {en: Loyalty}
                subject_types:
                  - key: reseller
                    names: {en: Reseller}
                """;

        assertThat(errors(TaxonomyFiles.readCustodia(yaml, "FR"), "FR"))
                .extracting(FieldError::field)
                .containsExactly("purposes[0].key");
    }

    @Test
    void group_cannotTakeAKeyAnEntityAlreadyAdded() {
        List<Term> stored = new ArrayList<>(STORED);
        stored.add(term(TermKind.DATA_CATEGORY, "user.contact.fax", "FR"));

        assertThatThrownBy(() -> TaxonomyRules.plan(
                        stored, FideslangFiles.read("data_category:\n  - fides_key: user.contact.fax\n"), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("A term is invalid");
        // Another entity keeps its own extensions apart.
        assertThat(TaxonomyRules.plan(
                                stored, FideslangFiles.read("data_category:\n  - fides_key: user.contact.fax\n"), "KE")
                        .created())
                .singleElement()
                .satisfies(term -> assertThat(term.entityCode()).isEqualTo("KE"));
    }

    @Test
    void missingParent_andRepeatedKey_areReported() {
        String yaml = """
                data_category:
                  - fides_key: user.pets.name
                  - fides_key: user.contact.fax
                  - fides_key: user.contact.fax
                """;

        assertThat(errors(FideslangFiles.read(yaml), null))
                .extracting(FieldError::field, FieldError::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "data_category[2].fides_key",
                                "'user.contact.fax' appears twice; it is also at" + " data_category[1]"),
                        org.assertj.core.groups.Tuple.tuple(
                                "data_category[0].fides_key",
                                "its parent user.pets is not in the taxonomy; add the parent first"));
    }

    @Test
    void sameTermAgain_isUnchanged_andAChangedOneIsUpdated() {
        Term fax = term(TermKind.DATA_CATEGORY, "user.contact.fax", null);
        List<Term> stored = new ArrayList<>(STORED);
        stored.add(fax);
        Term renamed = new Term(fax.kind(), fax.key(), Map.of("en", "Fax"), fax.descriptions(), fax.dpv(), false, null);

        TaxonomyPlan again = TaxonomyRules.plan(
                stored, TaxonomyFiles.readCustodia(TaxonomyFiles.writeCustodia(List.of(fax)), null), null);
        TaxonomyPlan rename = TaxonomyRules.plan(
                stored, TaxonomyFiles.readCustodia(TaxonomyFiles.writeCustodia(List.of(renamed)), null), null);

        assertThat(again.unchanged()).containsExactly(fax);
        assertThat(again.changesNothing()).isTrue();
        assertThat(rename.updated()).containsExactly(renamed);
        assertThat(rename.counts(TermKind.DATA_CATEGORY)).isEqualTo(new TaxonomyPlan.Counts(0, 1, 0));
    }

    private static List<FieldError> errors(ParsedTaxonomy parsed, @Nullable String entityCode) {
        try {
            TaxonomyRules.plan(STORED, parsed, entityCode);
            return List.of();
        } catch (InvalidInputException e) {
            return e.errors();
        }
    }
}
