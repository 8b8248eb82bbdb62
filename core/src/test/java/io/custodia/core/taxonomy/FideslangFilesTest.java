package io.custodia.core.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.InvalidInputException.FieldError;
import org.junit.jupiter.api.Test;

/** Reading the taxonomy lists of a fideslang file. */
class FideslangFilesTest {

    @Test
    void singularLists_becomeCategoriesPurposesAndSubjectTypes() {
        String yaml = """
                data_category:
                  - fides_key: user.contact.fax
                    organization_fides_key: default_organization
                    name: Fax number
                    description: A fax number.
                    parent_key: user.contact
                    is_default: false
                data_use:
                  - fides_key: marketing.surveys
                    name: Surveys
                    parent_key: marketing
                data_subject:
                  - fides_key: reseller
                    name: Reseller
                    rights: {strategy: ALL}
                """;

        ParsedTaxonomy parsed = FideslangFiles.read(yaml);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.drafts())
                .extracting(TermDraft::kind, draft -> draft.key().value(), TermDraft::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TermKind.DATA_CATEGORY, "user.contact.fax", "data_category[0]"),
                        org.assertj.core.groups.Tuple.tuple(TermKind.PURPOSE, "marketing.surveys", "data_use[0]"),
                        org.assertj.core.groups.Tuple.tuple(TermKind.SUBJECT_TYPE, "reseller", "data_subject[0]"));
        TermDraft fax = parsed.drafts().get(0);
        assertThat(fax.names()).containsExactlyEntriesOf(java.util.Map.of("en", "Fax number"));
        assertThat(fax.descriptions()).containsEntry("en", "A fax number.");
        assertThat(fax.dpv()).isNull();
        assertThat(fax.special()).isNull();
        assertThat(fax.mergeTexts()).isTrue();
    }

    @Test
    void pluralLists_areReadToo() {
        String yaml = """
                data_categories:
                  - fides_key: user.contact.fax
                data_uses:
                  - fides_key: marketing.surveys
                data_subjects:
                  - fides_key: reseller
                """;

        assertThat(FideslangFiles.read(yaml).drafts()).hasSize(3);
    }

    @Test
    void badKey_isReportedWithItsListAndIndex() {
        String yaml = """
                data_category:
                  - fides_key: user.contact.fax
                  - fides_key: user.Contact.Pager
                  - fides_key: user.contact.telex
                    parent_key: user
                """;

        ParsedTaxonomy parsed = FideslangFiles.read(yaml);

        assertThat(parsed.errors())
                .extracting(FieldError::field)
                .containsExactly("data_category[1].fides_key", "data_category[2].parent_key");
        assertThat(parsed.drafts()).extracting(draft -> draft.key().value()).containsExactly("user.contact.fax");
    }

    @Test
    void fileWithoutTaxonomyLists_isRefused() {
        assertThat(FideslangFiles.read("dataset:\n  - fides_key: shop\n").errors())
                .extracting(FieldError::field)
                .containsExactly("body");
    }
}
