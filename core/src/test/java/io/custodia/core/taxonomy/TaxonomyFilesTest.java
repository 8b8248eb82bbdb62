package io.custodia.core.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Reading and writing the Custodia taxonomy file format. */
class TaxonomyFilesTest {

    @Test
    void writtenFile_readsBackToTheSameTerms() {
        List<Term> terms = TaxonomyFiles.defaultTaxonomy().terms();

        String yaml = TaxonomyFiles.writeCustodia(terms);
        TaxonomyPlan plan = TaxonomyRules.plan(terms, TaxonomyFiles.readCustodia(yaml, null), null);

        assertThat(yaml).startsWith("# Custodia taxonomy").contains("format: custodia-taxonomy/1");
        assertThat(plan.created()).isEmpty();
        assertThat(plan.updated()).isEmpty();
        assertThat(plan.unchanged()).hasSameSizeAs(terms);
        assertThat(TaxonomyRules.plan(List.of(), TaxonomyFiles.readCustodia(yaml, null), null)
                        .created())
                .containsExactlyInAnyOrderElementsOf(terms);
    }

    @Test
    void entityTerms_carryTheirEntityInTheFile_andReadBackForThatEntity() {
        var group = term(TermKind.DATA_CATEGORY, "user", null);
        var extension = term(TermKind.DATA_CATEGORY, "user.loyalty_points", "FR");

        String yaml = TaxonomyFiles.writeCustodia(List.of(group, extension));
        TaxonomyPlan plan = TaxonomyRules.plan(List.of(group), TaxonomyFiles.readCustodia(yaml, "FR"), "FR");

        assertThat(yaml).contains("entity: FR");
        assertThat(plan.unchanged()).containsExactly(group);
        assertThat(plan.created()).containsExactly(extension);
    }

    @Test
    void entityField_namingAnotherEntity_isAnError() {
        String yaml = """
                data_categories:
                  - key: user.loyalty_points
                    names: {en: Loyalty points}
                    entity: KE
                """;

        assertThat(TaxonomyFiles.readCustodia(yaml, "FR").errors())
                .extracting(FieldError::field)
                .containsExactly("data_categories[0].entity");
        assertThat(TaxonomyFiles.readCustodia(yaml, null).errors())
                .extracting(FieldError::message)
                .containsExactly("belongs to entity KE; import it as that entity's extension");
    }

    @Test
    void badTerms_areAllReported_withTheirPath() {
        String yaml = """
                purposes:
                  - key: marketing
                    names: {en: Marketing}
                    dpv: https://w3id.org/dpv#Marketing
                  - key: Marketing.Offers
                    names: {en: Offers}
                  - key: marketing.surveys
                    names: {fr: Enquêtes}
                    dpv: http://example.com/surveys
                    colour: blue
                """;

        ParsedTaxonomy parsed = TaxonomyFiles.readCustodia(yaml, null);

        assertThat(parsed.drafts()).extracting(draft -> draft.key().value()).containsExactly("marketing");
        assertThat(parsed.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "purposes[1].key", "purposes[2].names.en", "purposes[2].dpv", "purposes[2].colour");
        assertThatThrownBy(() -> TaxonomyRules.plan(List.of(), parsed, null))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).hasSize(4));
    }

    @Test
    void wordsThatYaml11WouldTurnIntoBooleans_stayText() {
        String yaml = """
                subject_types:
                  - key: walk_in
                    names: {en: No, fr: Oui}
                    descriptions: {en: On}
                """;

        TermDraft draft = TaxonomyFiles.readCustodia(yaml, null).drafts().get(0);

        assertThat(draft.names()).containsEntry("en", "No").containsEntry("fr", "Oui");
        assertThat(draft.descriptions()).containsEntry("en", "On");
    }

    @Test
    void textThatIsNotYaml_isReportedOnTheBody_withItsLine() {
        assertThatThrownBy(() -> TaxonomyFiles.readCustodia("purposes:\n  - key: [unclosed\n", null))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors())
                        .singleElement()
                        .satisfies(error -> {
                            assertThat(error.field()).isEqualTo("body");
                            assertThat(error.message()).startsWith("is not valid YAML at line");
                        }));
    }

    @Test
    void fideslangSections_inACustodiaFile_pointToTheFideslangFormat() {
        ParsedTaxonomy parsed = TaxonomyFiles.readCustodia("data_category:\n  - fides_key: user\n", null);

        assertThat(parsed.errors()).singleElement().satisfies(error -> assertThat(error.message())
                .contains("format=fideslang"));
    }

    @Test
    void singleTerm_fromAForm_reportsFieldsWithoutPrefix() {
        Map<String, Object> fields = Map.of("key", "user.contact.fax", "names", Map.of("fr", "Fax"), "dpv", "nope");

        ParsedTaxonomy parsed = TaxonomyFiles.readTerm(TermKind.DATA_CATEGORY, fields);

        assertThat(parsed.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("names.en", "dpv");
    }

    @Test
    void legalBasesInAnImportedFile_areLeftAlone() {
        String yaml = """
                legal_bases:
                  - key: consent
                    names: {en: Agreement}
                """;

        ParsedTaxonomy parsed = TaxonomyFiles.readCustodia(yaml, null);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.drafts()).isEmpty();
    }

    static Term term(TermKind kind, String key, @Nullable String entity) {
        List<String> parts = new ArrayList<>(List.of(key.split("\\.")));
        String name = parts.get(parts.size() - 1);
        return new Term(
                kind,
                TermKey.of(key),
                Map.of("en", name, "fr", name + " (fr)"),
                Map.of("en", "About " + name),
                kind.genericDpv(),
                false,
                entity);
    }
}
