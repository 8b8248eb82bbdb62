package io.custodia.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {
    private static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");
    private static final long NOW = Instant.parse("2026-06-15T12:00:00Z").getEpochSecond();

    @Test
    void everyPolicyOfTheCorpus_comesBackExactly() throws IOException {
        Map<String, Object> corpus = DecisionCasesTest.load();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> policies =
                (Map<String, Map<String, Object>>) Objects.requireNonNull(corpus.get("policies"));
        assertThat(policies).isNotEmpty();
        for (Map<String, Object> yaml : policies.values()) {
            Policy policy = DecisionCasesTest.policy(yaml, List.of());
            Policy back = PolicyDocument.of(policy).toPolicy();

            assertSamePolicy(back, policy);
            assertThat(PolicyDocument.of(back)).isEqualTo(PolicyDocument.of(policy));
        }
    }

    @Test
    void everyBuiltInJurisdictionPack_comesBackExactly() {
        for (JurisdictionPack pack : JurisdictionPacks.builtIn().all()) {
            Policy policy = Policy.builder("XX")
                    .jurisdiction(pack)
                    .activity(Policy.Activity.active("offers", OFFERS, LegalBasis.CONSENT, Set.of()))
                    .notice(new NoticeVersion(OFFERS, 3, 2))
                    .build();

            Policy back = PolicyDocument.of(policy).toPolicy();

            assertThat(back.jurisdiction()).as(pack.code()).isEqualTo(policy.jurisdiction());
            assertThat(back.notices()).isEqualTo(policy.notices());
        }
    }

    /** What a JSON library must write and read: texts, numbers, booleans, lists of those, and these records. */
    @Test
    void aDocument_holdsOnlyPlainValues() {
        Set<Class<?>> seen = new HashSet<>();
        List<Class<?>> toVisit = new ArrayList<>(List.of(PolicyDocument.class));
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.remove(0);
            if (!seen.add(type)) {
                continue;
            }
            assertThat(type.isRecord()).as(type.getName()).isTrue();
            for (RecordComponent component : type.getRecordComponents()) {
                Type generic = component.getGenericType();
                Class<?> raw = component.getType();
                if (raw == List.class) {
                    generic = ((ParameterizedType) generic).getActualTypeArguments()[0];
                    raw = (Class<?>) generic;
                }
                if (raw.isRecord()) {
                    assertThat(raw.getEnclosingClass()).isEqualTo(PolicyDocument.class);
                    toVisit.add(raw);
                } else {
                    assertThat(raw)
                            .as(type.getSimpleName() + "." + component.getName())
                            .isIn(String.class, int.class, boolean.class);
                }
            }
        }
        assertThat(seen).hasSizeGreaterThan(5);
    }

    @Test
    void anInvalidDocument_failsNamingTheFieldPath() {
        PolicyDocument valid = PolicyDocument.of(policy(ActivityStatus.ACTIVE));

        assertFieldError(
                withActivity(
                        valid,
                        activity -> new PolicyDocument.Activity(
                                activity.key(),
                                activity.name(),
                                activity.status(),
                                List.of(new PolicyDocument.Purpose(OFFERS.value(), "friendship")),
                                activity.categories(),
                                activity.recipients(),
                                activity.transfers(),
                                activity.review(),
                                activity.retention(),
                                activity.mask(),
                                activity.pseudonymise())),
                "activities[0].purposes[0].legalBasis");
        assertFieldError(
                withActivity(
                        valid,
                        activity -> new PolicyDocument.Activity(
                                activity.key(),
                                activity.name(),
                                "paused",
                                activity.purposes(),
                                activity.categories(),
                                activity.recipients(),
                                activity.transfers(),
                                activity.review(),
                                activity.retention(),
                                activity.mask(),
                                activity.pseudonymise())),
                "activities[0].status");
        assertFieldError(
                withActivity(
                        valid,
                        activity -> new PolicyDocument.Activity(
                                activity.key(),
                                activity.name(),
                                activity.status(),
                                activity.purposes(),
                                List.of("user.contact", "User Contact"),
                                activity.recipients(),
                                activity.transfers(),
                                activity.review(),
                                activity.retention(),
                                activity.mask(),
                                activity.pseudonymise())),
                "activities[0].categories[1]");
        assertFieldError(
                withActivity(
                        valid,
                        activity -> new PolicyDocument.Activity(
                                activity.key(),
                                activity.name(),
                                activity.status(),
                                activity.purposes(),
                                activity.categories(),
                                activity.recipients(),
                                activity.transfers(),
                                activity.review(),
                                "thirteen months",
                                activity.mask(),
                                activity.pseudonymise())),
                "activities[0].retention");
        assertFieldError(
                withActivity(
                        valid,
                        activity -> new PolicyDocument.Activity(
                                activity.key(),
                                activity.name(),
                                activity.status(),
                                List.of(),
                                activity.categories(),
                                activity.recipients(),
                                activity.transfers(),
                                activity.review(),
                                activity.retention(),
                                activity.mask(),
                                activity.pseudonymise())),
                "activities[0].purposes");
        assertFieldError(
                withActivity(
                        valid,
                        activity -> new PolicyDocument.Activity(
                                activity.key(),
                                activity.name(),
                                activity.status(),
                                activity.purposes(),
                                activity.categories(),
                                activity.recipients(),
                                List.of(new PolicyDocument.Transfer("USA", null, "scc")),
                                activity.review(),
                                activity.retention(),
                                activity.mask(),
                                activity.pseudonymise())),
                "activities[0].transfers[0].country");

        List<PolicyDocument.Activity> twice =
                List.of(valid.activities().get(0), valid.activities().get(0));
        assertFieldError(
                new PolicyDocument(valid.entity(), twice, valid.recipients(), valid.jurisdiction(), valid.notices()),
                "activities[1].key");

        PolicyDocument.Jurisdiction facts = valid.jurisdiction();
        PolicyDocument.Jurisdiction badAdequacy = new PolicyDocument.Jurisdiction(
                facts.ageOfDigitalConsent(),
                new PolicyDocument.Transfers(
                        facts.transfers().freeMovement(),
                        List.of(new PolicyDocument.Adequacy("Japan", null)),
                        facts.transfers().otherwise()),
                facts.gpc());
        assertFieldError(
                new PolicyDocument(
                        valid.entity(), valid.activities(), valid.recipients(), badAdequacy, valid.notices()),
                "jurisdiction.transfers.adequate[0].country");
        PolicyDocument.Jurisdiction emptyGpc = new PolicyDocument.Jurisdiction(
                facts.ageOfDigitalConsent(), facts.transfers(), new PolicyDocument.Gpc("objection", List.of()));
        assertFieldError(
                new PolicyDocument(valid.entity(), valid.activities(), valid.recipients(), emptyGpc, valid.notices()),
                "jurisdiction.gpc.purposes");

        assertFieldError(
                new PolicyDocument(
                        valid.entity(),
                        valid.activities(),
                        valid.recipients(),
                        valid.jurisdiction(),
                        List.of(new PolicyDocument.Notice(OFFERS.value(), 2, 3))),
                "notices[0].lastMaterialVersion");
        assertFieldError(
                new PolicyDocument(
                        valid.entity(),
                        valid.activities(),
                        List.of(new PolicyDocument.Recipient(
                                "mailer", "Mailer", "processor", "FR", "DPA-1", "31/12/2027", "approved", false)),
                        valid.jurisdiction(),
                        valid.notices()),
                "recipients[0].dpaExpiresOn");
    }

    /** A JSON reader leaves out what the JSON did not have; the document names it rather than failing anyhow. */
    @Test
    void aMissingField_isNamed() {
        PolicyDocument valid = PolicyDocument.of(policy(ActivityStatus.ACTIVE));
        PolicyDocument noJurisdiction = withoutJurisdiction(valid);
        assertThat(noJurisdiction.notices()).isEmpty();
        assertFieldError(noJurisdiction, "jurisdiction");
        assertFieldError(withoutLegalBasis(valid), "activities[0].purposes[0].legalBasis");
    }

    /** What a JSON reader builds from a document without its jurisdiction and notices. */
    @SuppressWarnings("NullAway")
    private static PolicyDocument withoutJurisdiction(PolicyDocument valid) {
        return new PolicyDocument(valid.entity(), valid.activities(), valid.recipients(), null, null);
    }

    /** What a JSON reader builds from an activity whose purpose has no legal basis and that has no lists. */
    @SuppressWarnings("NullAway")
    private static PolicyDocument withoutLegalBasis(PolicyDocument valid) {
        PolicyDocument.Purpose noBasis = new PolicyDocument.Purpose(OFFERS.value(), null);
        return withActivity(
                valid,
                activity -> new PolicyDocument.Activity(
                        activity.key(),
                        activity.name(),
                        activity.status(),
                        List.of(noBasis),
                        null,
                        null,
                        null,
                        activity.review(),
                        null,
                        null,
                        false));
    }

    @Test
    void aPolicyChange_fromTheFeed_putsItsPolicyInForce() {
        Engine engine = Engine.of(policy(ActivityStatus.ACTIVE));
        UUID customer = UUID.randomUUID();
        engine.apply(new ConsentChanged(customer, "FR", OFFERS.value(), "granted", Instant.ofEpochSecond(NOW), null));
        Question question = Question.of(OFFERS);
        assertThat(engine.decide(question, customer, NOW).allowed()).isTrue();

        boolean applied = engine.apply(new PolicyChanged(
                "FR", "activity.status_changed", "offers", PolicyDocument.of(policy(ActivityStatus.HALTED))));

        assertThat(applied).isTrue();
        assertThat(engine.decide(question, customer, NOW))
                .isInstanceOfSatisfying(
                        Decision.Deny.class, deny -> assertThat(deny.reason()).isEqualTo(Reason.HALTED));
    }

    @Test
    void aMaterialNoticeChange_fromTheFeed_asksGrantsAgain() {
        Engine engine = Engine.of(policy(ActivityStatus.ACTIVE));
        UUID customer = UUID.randomUUID();
        engine.apply(new ConsentChanged(customer, "FR", OFFERS.value(), "granted", Instant.ofEpochSecond(NOW), null));
        Policy republished = Policy.builder("FR")
                .jurisdiction(JurisdictionPacks.builtIn().get("fr"))
                .activity(Policy.Activity.active("offers", OFFERS, LegalBasis.CONSENT, Set.of()))
                .notice(new NoticeVersion(OFFERS, 2, 2))
                .build();

        engine.apply(new PolicyChanged("FR", "notice.published", OFFERS.value(), PolicyDocument.of(republished)));

        assertThat(engine.decide(Question.of(OFFERS), customer, NOW))
                .isInstanceOfSatisfying(
                        Decision.Deny.class, deny -> assertThat(deny.reason()).isEqualTo(Reason.RECONSENT_REQUIRED));
    }

    @Test
    void aPolicyChange_ofAnotherEntity_isIgnored_andAnInvalidOne_changesNothing() {
        Policy active = policy(ActivityStatus.ACTIVE);
        Engine engine = Engine.of(active);
        Policy other = Policy.builder("KE")
                .jurisdiction(JurisdictionPacks.builtIn().get("ke"))
                .build();

        assertThat(engine.apply(new PolicyChanged("KE", "bootstrap", null, PolicyDocument.of(other))))
                .isFalse();
        PolicyDocument broken = withActivity(
                PolicyDocument.of(active),
                activity -> new PolicyDocument.Activity(
                        activity.key(),
                        activity.name(),
                        "paused",
                        activity.purposes(),
                        activity.categories(),
                        activity.recipients(),
                        activity.transfers(),
                        activity.review(),
                        activity.retention(),
                        activity.mask(),
                        activity.pseudonymise()));
        assertThatThrownBy(() -> engine.apply(new PolicyChanged("FR", "activity.changed", "offers", broken)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(engine.policy()).isSameAs(active);
    }

    @Test
    void aPolicyChange_carriesItsOwnEntitysPolicy() {
        PolicyDocument french = PolicyDocument.of(policy(ActivityStatus.ACTIVE));

        assertThatThrownBy(() -> new PolicyChanged("KE", "bootstrap", null, french))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly("policy.entity"));
        assertThatThrownBy(() -> new PolicyChanged("FR", " ", null, french)).isInstanceOf(InvalidInputException.class);
        PolicyChanged change = new PolicyChanged("FR", "bootstrap", null, french);
        assertThat(change.type()).isEqualTo("policy.changed");
        assertThat(change.subjectId()).isNull();
    }

    static void assertSamePolicy(Policy actual, Policy expected) {
        assertThat(actual.entityCode()).isEqualTo(expected.entityCode());
        assertThat(List.copyOf(actual.activities().values()))
                .isEqualTo(List.copyOf(expected.activities().values()));
        assertThat(List.copyOf(actual.recipients().values()))
                .isEqualTo(List.copyOf(expected.recipients().values()));
        assertThat(actual.jurisdiction()).isEqualTo(expected.jurisdiction());
        assertThat(List.copyOf(actual.notices().values()))
                .isEqualTo(List.copyOf(expected.notices().values()));
    }

    private static Policy policy(ActivityStatus status) {
        Policy.Activity active =
                Policy.Activity.active("offers", OFFERS, LegalBasis.CONSENT, Set.of(TermKey.of("user.contact")));
        return Policy.builder("FR")
                .jurisdiction(JurisdictionPacks.builtIn().get("fr"))
                .activity(new Policy.Activity(
                        active.key(),
                        "Personalised offers",
                        status,
                        active.purposes(),
                        active.categories(),
                        active.recipients(),
                        active.transfers(),
                        active.review(),
                        java.time.Period.ofMonths(13),
                        active.mask(),
                        false))
                .notice(new NoticeVersion(OFFERS, 1, 1))
                .build();
    }

    private static PolicyDocument withActivity(PolicyDocument document, UnaryOperator<PolicyDocument.Activity> change) {
        return new PolicyDocument(
                document.entity(),
                List.of(change.apply(document.activities().get(0))),
                document.recipients(),
                document.jurisdiction(),
                document.notices());
    }

    private static void assertFieldError(PolicyDocument document, String field) {
        assertThatThrownBy(document::toPolicy)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly(field));
    }
}
