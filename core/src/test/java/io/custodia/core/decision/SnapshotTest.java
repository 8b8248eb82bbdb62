package io.custodia.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SnapshotTest {
    private static final Instant SINCE = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant RENEWAL = Instant.parse("2027-02-10T08:00:00Z");
    private static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");
    private static final TermKey NETWORK = TermKey.of("analytics.network_quality");
    private static final TermKey RESEARCH = TermKey.of("research.innovation");

    @Test
    void aSnapshot_givesAReplicaThatDecidesAsTheOneItWasWrittenFrom() throws IOException {
        Policy policy = corpusPolicy("eu");
        Engine original = Engine.of(policy);
        List<Customer> customers = List.of(
                new Customer(
                        UUID.randomUUID(),
                        false,
                        false,
                        AgeBand.ADULT,
                        false,
                        List.of(state(OFFERS, "granted", RENEWAL), state(NETWORK, "objected", null))),
                new Customer(
                        UUID.randomUUID(),
                        false,
                        false,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(
                                state(OFFERS, "granted", RENEWAL),
                                state(RESEARCH, "granted", RENEWAL.plusSeconds(86_400 * 3)),
                                state(
                                        TermKey.of("marketing.partner_advertising"),
                                        "granted",
                                        RENEWAL.minusSeconds(5)))),
                new Customer(
                        UUID.randomUUID(), true, false, AgeBand.AGE_14, true, List.of(state(OFFERS, "granted", null))),
                new Customer(
                        UUID.randomUUID(),
                        false,
                        true,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(state(OFFERS, "withdrawn", null), state(RESEARCH, "reconsent_required", null))),
                new Customer(
                        UUID.randomUUID(),
                        false,
                        false,
                        AgeBand.AGE_13,
                        false,
                        List.of(state(OFFERS, "granted", null))),
                // Known to the server with no consent at all: audiences on legitimate interest still count them.
                new Customer(UUID.randomUUID(), false, false, AgeBand.UNKNOWN, false, List.of()),
                new Customer(
                        UUID.randomUUID(),
                        false,
                        false,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(state(OFFERS, "refused", null), state(NETWORK, "none", null))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Snapshot.Writer writer = Snapshot.writer(bytes, "FR", 4_242, PolicyDocument.of(policy));
        for (Customer customer : customers) {
            customer.applyTo(original);
            customer.writeTo(writer);
        }
        writer.finish();

        Snapshot.Loaded loaded = Snapshot.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(loaded.position()).isEqualTo(4_242);
        assertThat(loaded.entityCode()).isEqualTo("FR");
        assertThat(loaded.subjects()).isEqualTo(customers.size());
        Engine replica = loaded.engine();
        PolicyDocumentTest.assertSamePolicy(replica.policy(), policy);
        assertThat(replica.index().size()).isEqualTo(customers.size());
        List<UUID> ids = customers.stream().map(Customer::id).toList();
        assertSameDecisions(original, replica, ids, questions(policy), times());
        ByteArrayOutputStream policyOnly = new ByteArrayOutputStream();
        Snapshot.writer(policyOnly, "FR", 4_242, PolicyDocument.of(policy)).finish();
        assertThat(bytes.size() - policyOnly.size())
                .as("bytes for %d customers with at most 3 states", customers.size())
                .isLessThan(customers.size() * 40);
    }

    @Test
    void flagsWrittenApartFromStates_replaceTheFlagsOfTheCustomerRecord() throws IOException {
        Policy policy = corpusPolicy("fr");
        UUID child = UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Snapshot.writer(bytes, "FR", 9, PolicyDocument.of(policy))
                .subject(
                        child,
                        false,
                        false,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(new ConsentChanged(child, "FR", OFFERS.value(), "granted", SINCE, null)))
                .flags(new io.custodia.core.change.SubjectFlagsChanged(erased, "FR", true, false, AgeBand.ADULT, false))
                .flags(new io.custodia.core.change.SubjectFlagsChanged(
                        child, "FR", false, false, AgeBand.AGE_14, false))
                .finish();

        Snapshot.Loaded loaded = Snapshot.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(loaded.subjects()).isEqualTo(2);
        long now = SINCE.getEpochSecond();
        assertThat(loaded.engine().decide(Question.of(OFFERS), child, now))
                .isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason())
                        .isEqualTo(Reason.PARENTAL_CONSENT_REQUIRED));
        assertThat(loaded.engine().index().ordinalOf(erased)).isPresent();
    }

    @Test
    void anEmptySnapshot_holdsThePolicy() throws IOException {
        Policy policy = corpusPolicy("ke");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Snapshot.writer(bytes, "KE", 0, PolicyDocument.of(policy)).finish();

        Snapshot.Loaded loaded = Snapshot.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(loaded.subjects()).isZero();
        assertThat(loaded.position()).isZero();
        PolicyDocumentTest.assertSamePolicy(loaded.engine().policy(), policy);
    }

    @Test
    void everyTruncation_isDetected() throws IOException {
        byte[] whole = smallSnapshot();
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(cut)))
                    .as("cut after %d of %d bytes", length, whole.length)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                            .extracting(InvalidInputException.FieldError::field)
                            .allMatch(field -> field.startsWith("snapshot")));
        }
    }

    @Test
    void everyChangedByte_isDetected() throws IOException {
        byte[] whole = smallSnapshot();
        for (int at = 0; at < whole.length; at++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] changed = whole.clone();
                changed[at] ^= (byte) flip;
                assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(changed)))
                        .as("byte %d of %d xor %x", at, whole.length, flip)
                        .isInstanceOf(InvalidInputException.class);
            }
        }
    }

    @Test
    void bytesAfterTheEnd_areRefused() throws IOException {
        byte[] whole = smallSnapshot();
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);

        assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(longer)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("follow the end");
    }

    @Test
    void somethingElse_isNotTakenForASnapshot() {
        byte[] text = "{\"type\":\"about:blank\",\"status\":503}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(text)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a Custodia snapshot");
        byte[] future = {'C', 'S', 'N', 'P', 9};
        assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(future)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly("snapshot.version"));
    }

    @Test
    void theWriter_refusesStatesItCannotCarry() throws IOException {
        PolicyDocument policy = PolicyDocument.of(corpusPolicy("eu"));
        Snapshot.Writer writer = Snapshot.writer(new ByteArrayOutputStream(), "FR", 1, policy);
        UUID customer = UUID.randomUUID();

        assertThatThrownBy(() -> writer.subject(
                        customer,
                        false,
                        false,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(new ConsentChanged(UUID.randomUUID(), "FR", OFFERS.value(), "granted", SINCE, null))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> writer.subject(
                        customer,
                        false,
                        false,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(new ConsentChanged(customer, "FR", OFFERS.value(), "maybe", SINCE, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly("states[0].status"));
        assertThatThrownBy(() -> writer.subject(
                        customer,
                        false,
                        false,
                        AgeBand.UNKNOWN,
                        false,
                        List.of(
                                new ConsentChanged(customer, "FR", OFFERS.value(), "granted", SINCE, null),
                                new ConsentChanged(customer, "FR", OFFERS.value(), "refused", SINCE, null))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Snapshot.writer(new ByteArrayOutputStream(), "KE", 1, policy))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Snapshot.writer(new ByteArrayOutputStream(), "FR", -1, policy))
                .isInstanceOf(InvalidInputException.class);
        writer.finish();
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------- shared with the properties

    /** One customer's flags and states, as the server would stream them. */
    record Customer(
            UUID id,
            boolean erased,
            boolean restricted,
            AgeBand band,
            boolean parentalConsent,
            List<ConsentChanged> states) {

        void applyTo(Engine engine) {
            engine.apply(new io.custodia.core.change.SubjectFlagsChanged(
                    id, engine.policy().entityCode(), erased, restricted, band, parentalConsent));
            for (ConsentChanged state : states) {
                engine.apply(new ConsentChanged(
                        id, state.entityCode(), state.purpose(), state.status(), state.since(), state.expiresAt()));
            }
        }

        void writeTo(Snapshot.Writer writer) throws IOException {
            writer.subject(
                    id,
                    erased,
                    restricted,
                    band,
                    parentalConsent,
                    states.stream()
                            .map(state -> new ConsentChanged(
                                    id,
                                    state.entityCode(),
                                    state.purpose(),
                                    state.status(),
                                    state.since(),
                                    state.expiresAt()))
                            .toList());
        }
    }

    /** A state of a customer to be named later (the id is replaced when applied or written). */
    static ConsentChanged state(TermKey purpose, String status, @Nullable Instant expiresAt) {
        return new ConsentChanged(new UUID(0, 0), "FR", purpose.value(), status, SINCE, expiresAt);
    }

    /** Every decision and audience of one engine equals the other's, customers matched by id. */
    static void assertSameDecisions(
            Engine expected, Engine actual, List<UUID> ids, List<Question> questions, long[] times) {
        for (Question question : questions) {
            for (long now : times) {
                for (UUID id : ids) {
                    assertThat(actual.decide(question, id, now))
                            .as("%s for %s at %d", question, id, now)
                            .isEqualTo(expected.decide(question, id, now));
                }
                assertThat(audience(actual, question, now))
                        .as("audience %s at %d", question, now)
                        .isEqualTo(audience(expected, question, now));
            }
        }
    }

    private static Set<UUID> audience(Engine engine, Question question, long now) {
        Set<UUID> ids = new HashSet<>();
        engine.audience(question, now)
                .forEach((int ordinal) -> ids.add(engine.index().subjectAt(ordinal)));
        return ids;
    }

    private static List<Question> questions(Policy policy) {
        List<Question> questions = new ArrayList<>();
        Set<TermKey> purposes = new HashSet<>();
        policy.activities()
                .values()
                .forEach(activity -> purposes.addAll(activity.purposes().keySet()));
        for (TermKey purpose : purposes) {
            questions.add(Question.of(purpose));
            questions.add(Question.of(purpose).withGpc(true));
            questions.add(Question.of(purpose, Set.of(), "mailer"));
        }
        return questions;
    }

    private static long[] times() {
        return new long[] {
            SINCE.getEpochSecond(),
            RENEWAL.getEpochSecond() - 1,
            RENEWAL.getEpochSecond(),
            RENEWAL.getEpochSecond() + 1,
            RENEWAL.plusSeconds(86_400 * 10).getEpochSecond()
        };
    }

    private static byte[] smallSnapshot() throws IOException {
        Policy policy = Policy.builder("FR")
                .jurisdiction(JurisdictionPacks.builtIn().get("fr"))
                .activity(Policy.Activity.active("offers", OFFERS, LegalBasis.CONSENT, Set.of()))
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Snapshot.Writer writer = Snapshot.writer(bytes, "FR", 77, PolicyDocument.of(policy));
        UUID first = UUID.randomUUID();
        writer.subject(
                first,
                false,
                true,
                AgeBand.ADULT,
                false,
                List.of(new ConsentChanged(first, "FR", OFFERS.value(), "granted", SINCE, RENEWAL)));
        UUID second = UUID.randomUUID();
        writer.subject(second, false, false, AgeBand.UNKNOWN, false, List.of());
        writer.finish();
        return bytes.toByteArray();
    }

    static Policy corpusPolicy(String name) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> policies = (Map<String, Map<String, Object>>)
                Objects.requireNonNull(DecisionCasesTest.load().get("policies"));
        return DecisionCasesTest.policy(Objects.requireNonNull(policies.get(name)), List.of());
    }
}
