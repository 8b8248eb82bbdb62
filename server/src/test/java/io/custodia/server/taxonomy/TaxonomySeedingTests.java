package io.custodia.server.taxonomy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.taxonomy.TaxonomyFiles;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.CustodiaTest;
import io.custodia.server.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The default taxonomy is loaded once, on the first start, and is what the facade answers. */
class TaxonomySeedingTests extends CustodiaTest {

    @Autowired
    Taxonomy taxonomy;

    @Autowired
    AuditTrail audit;

    @Test
    void firstStart_seedsEveryDefaultTerm_once() {
        for (Term term : TaxonomyFiles.defaultTaxonomy().terms()) {
            assertThat(taxonomy.find(term.kind(), null, term.key()))
                    .as(term.key().value())
                    .hasValueSatisfying(stored -> assertThat(stored.special()).isEqualTo(term.special()));
        }
        assertThat(taxonomy.seedDefaults()).isFalse();
        assertThat(audit.after(0, 1_000_000))
                .filteredOn(entry -> entry.action().equals("taxonomy.seeded"))
                .singleElement()
                .satisfies(entry -> assertThat(entry.actor()).isEqualTo("system"));
    }

    @Test
    void facade_answersWhatTheRegisterAsksFor() {
        assertThat(taxonomy.purposes("FR"))
                .extracting(term -> term.key().value())
                .contains("service.provision", "marketing.personalised_offers")
                .isSorted();
        assertThat(taxonomy.find(TermKind.DATA_CATEGORY, "FR", TermKey.of("user.biometric")))
                .hasValueSatisfying(term -> assertThat(term.special()).isTrue());
        assertThat(taxonomy.find(TermKind.SUBJECT_TYPE, null, TermKey.of("no_such_type")))
                .isEmpty();
        assertThat(taxonomy.subjectTypes(null)).extracting(Term::entityCode).containsOnlyNulls();
        assertThat(taxonomy.legalBases()).hasSize(6);
    }
}
