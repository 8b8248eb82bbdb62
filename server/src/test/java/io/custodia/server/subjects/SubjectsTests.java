package io.custodia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.consent.AgeBand;
import io.custodia.server.CustodiaTest;
import io.custodia.server.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Customers are found by keyed hashes, their identifiers are stored encrypted, and shredding erases them. */
class SubjectsTests extends CustodiaTest {
    @Autowired
    Subjects subjects;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    private UUID registerAda(String suffix) {
        return subjects.register(
                "system:test",
                new Subjects.NewSubject(
                        "FR",
                        AgeBand.ADULT,
                        List.of(
                                SubjectIdentifier.of("email", "Ada." + suffix + "@Example.org"),
                                SubjectIdentifier.of("customer_id", "T-" + suffix))));
    }

    @Test
    void find_byNormalisedIdentifier_inItsEntityOnly() {
        UUID ada = registerAda("find");
        assertThat(subjects.find("FR", SubjectIdentifier.of("email", "  ada.find@example.ORG ")))
                .contains(ada);
        assertThat(subjects.find("KE", SubjectIdentifier.of("email", "ada.find@example.org")))
                .isEmpty();
    }

    @Test
    void identifiers_areNeverStoredInClear() {
        UUID ada = registerAda("clear");
        List<byte[]> stored = jdbc.sql("select ciphertext from subject_identifier where subject_id = ?")
                .param(ada)
                .query(byte[].class)
                .list();
        assertThat(stored).hasSize(2);
        for (byte[] ciphertext : stored) {
            assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("ada.clear");
        }
        assertThat(subjects.identifiers(ada))
                .extracting(SubjectIdentifier::value)
                .containsExactlyInAnyOrder("ada.clear@example.org", "T-clear");
    }

    @Test
    void shredding_makesIdentifiersUnreadable_andIsAudited() {
        UUID ada = registerAda("shred");
        subjects.shred("system:test", ada);
        assertThat(subjects.identifiers(ada)).isEmpty();
        assertThat(audit.after(0, 1_000_000))
                .filteredOn(entry -> entry.objectId().equals(ada.toString()))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.action()).isEqualTo("subject.shredded");
                    assertThat(entry.actor()).isEqualTo("system:test");
                    assertThat(entry.entityCode()).isEqualTo("FR");
                });
        assertThat(jdbc.sql("select erased_at is not null from subject where id = ?")
                        .param(ada)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void malformedIdentifiers_nameTheField() {
        assertThatThrownBy(() -> SubjectIdentifier.of("email", "not-an-email"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(
                                ((InvalidInputException) e).errors().get(0).field())
                        .isEqualTo("subject.value"));
        assertThatThrownBy(() -> SubjectIdentifier.of("passport", "X1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("customer_id, email, phone, device_id");
        assertThat(SubjectIdentifier.of("phone", "+33 6 12 34 56 78").value()).isEqualTo("+33612345678");
    }

    @Test
    void subjectWithoutIdentifier_isRefused_sinceNothingCouldFindItAgain() {
        long before = subjects.count("FR");
        assertThatThrownBy(
                        () -> subjects.register("system:test", new Subjects.NewSubject("FR", AgeBand.ADULT, List.of())))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("subject.identifiers"));
        assertThat(subjects.count("FR")).isEqualTo(before);
    }
}
