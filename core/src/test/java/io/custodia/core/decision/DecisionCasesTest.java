package io.custodia.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.NoticeVersion;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.Recipient;
import io.custodia.core.register.RecipientRole;
import io.custodia.core.register.RecipientStatus;
import io.custodia.core.register.Safeguard;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.roaringbitmap.RoaringBitmap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The corpus of decision cases in {@code decision-cases.yaml}, one dynamic test each. Every case is also asked as a
 * batch and as an audience of one, which must agree with the single decision; and asked again of a replica whose
 * policies came as {@link PolicyDocument}s through {@link PolicyChanged} changes, as the feed brings them.
 */
class DecisionCasesTest {
    private static final JurisdictionPacks PACKS = JurisdictionPacks.builtIn();
    private static final Instant DEFAULT_TIME = Instant.parse("2026-06-15T12:00:00Z");

    @TestFactory
    Stream<DynamicTest> decisionCases() throws IOException {
        return cases(false);
    }

    @TestFactory
    Stream<DynamicTest> decisionCases_withPoliciesFromTheFeed() throws IOException {
        return cases(true);
    }

    private static Stream<DynamicTest> cases(boolean fromFeed) throws IOException {
        Map<String, Object> corpus = load();
        Map<String, Map<String, Object>> policies = map(required(corpus, "policies"));
        List<Map<String, Object>> cases = list(required(corpus, "cases"));
        assertThat(cases).hasSizeGreaterThan(80);
        assertThat(cases.stream().map(c -> text(c, "expect")).collect(Collectors.toSet()))
                .as("every reason but STALE_REPLICA has a case")
                .containsAll(Stream.of(Reason.values())
                        .filter(reason -> reason != Reason.STALE_REPLICA)
                        .map(Reason::name)
                        .toList());
        return cases.stream()
                .map(testCase ->
                        DynamicTest.dynamicTest(text(testCase, "name"), () -> run(testCase, policies, fromFeed)));
    }

    private static void run(Map<String, Object> testCase, Map<String, Map<String, Object>> policies, boolean fromFeed) {
        Map<String, Object> policyYaml = required(policies, text(testCase, "policy"));
        Policy policy = policy(policyYaml, List.of());
        if (fromFeed) {
            PolicyDocument document = PolicyDocument.of(policy);
            policy = document.toPolicy();
            assertThat(PolicyDocument.of(policy)).isEqualTo(document);
        }
        Engine engine = Engine.of(policy);
        UUID subject = UUID.randomUUID();
        Map<String, Object> subjectYaml = map(testCase.getOrDefault("subject", Map.of()));
        boolean unknown = Boolean.TRUE.equals(subjectYaml.get("unknown"));
        if (!unknown) {
            engine.apply(flags(subject, policy.entityCode(), map(subjectYaml.getOrDefault("flags", Map.of()))));
        }
        applyConsents(engine, subject, map(subjectYaml.getOrDefault("consents", Map.of())));
        List<Map<String, Object>> noticeChanges = list(testCase.getOrDefault("notice_changes", List.of()));
        if (!noticeChanges.isEmpty()) {
            Policy next = policy(policyYaml, noticeChanges);
            if (fromFeed) {
                assertThat(engine.apply(new PolicyChanged(
                                next.entityCode(), "notice.published", null, PolicyDocument.of(next))))
                        .isTrue();
            } else {
                engine.swap(next);
            }
        }
        applyConsents(engine, subject, map(testCase.getOrDefault("consents_after", Map.of())));

        Map<String, Object> ask = map(required(testCase, "ask"));
        Question question = Question.of(
                        TermKey.of(text(ask, "purpose")),
                        keys(ask.getOrDefault("categories", List.of())),
                        optionalText(ask, "recipient"))
                .withGpc(Boolean.TRUE.equals(ask.get("gpc")));
        long now = instant(testCase.getOrDefault("at", DEFAULT_TIME)).getEpochSecond();

        Decision decision = engine.decide(question, subject, now);

        String expected = text(testCase, "expect");
        if (expected.equals("allow")) {
            assertThat(decision).isInstanceOf(Decision.Allow.class);
            Obligations obligations = ((Decision.Allow) decision).obligations();
            if (testCase.containsKey("activity")) {
                assertThat(obligations.activity()).isEqualTo(testCase.get("activity"));
            }
            if (testCase.containsKey("retention")) {
                assertThat(obligations.retention()).isEqualTo(Period.parse(text(testCase, "retention")));
            }
            if (testCase.containsKey("mask")) {
                assertThat(obligations.mask()).isEqualTo(keys(required(testCase, "mask")));
            }
        } else {
            assertThat(decision).isInstanceOf(Decision.Deny.class);
            Decision.Deny deny = (Decision.Deny) decision;
            assertThat(deny.reason()).isEqualTo(Reason.valueOf(expected));
            if (testCase.containsKey("message")) {
                assertThat(deny.message()).contains(String.valueOf(required(testCase, "message")));
            }
        }

        // The same question by ordinal, as a batch and as an audience of one, gives the same answer.
        int ordinal = engine.index().ordinalOf(subject).orElse(engine.index().size() + 7);
        assertThat(engine.decide(question, ordinal, now)).isEqualTo(decision);
        Decision[] batch = new Decision[1];
        engine.decide(question, new int[] {ordinal}, now, batch);
        assertThat(batch[0]).isEqualTo(decision);
        RoaringBitmap audience = engine.audience(question, RoaringBitmap.bitmapOf(ordinal), now);
        assertThat(audience.contains(ordinal)).isEqualTo(decision.allowed());
        assertThat(engine.audience(question, now).contains(ordinal)).isEqualTo(decision.allowed() && !unknown);
    }

    private static void applyConsents(Engine engine, UUID subject, Map<String, Object> consents) {
        consents.forEach((purpose, value) -> {
            Map<String, Object> state = map(value);
            Object expires = state.get("expires");
            engine.apply(new ConsentChanged(
                    subject,
                    engine.policy().entityCode(),
                    purpose,
                    text(state, "status"),
                    Instant.parse("2025-06-01T00:00:00Z"),
                    expires == null ? null : instant(expires)));
        });
    }

    private static SubjectFlagsChanged flags(UUID subject, String entity, Map<String, Object> flags) {
        return new SubjectFlagsChanged(
                subject,
                entity,
                Boolean.TRUE.equals(flags.get("erased")),
                Boolean.TRUE.equals(flags.get("restricted")),
                AgeBand.valueOf(
                        String.valueOf(flags.getOrDefault("age", "unknown")).toUpperCase(Locale.ROOT)),
                Boolean.TRUE.equals(flags.get("parental")));
    }

    static Policy policy(Map<String, Object> yaml, List<Map<String, Object>> noticeChanges) {
        Policy.Builder builder =
                Policy.builder(text(yaml, "entity")).jurisdiction(PACKS.get(text(yaml, "jurisdiction")));
        for (Map<String, Object> recipient : list(yaml.getOrDefault("recipients", List.of()))) {
            Object expires = recipient.get("dpa_expires");
            builder.recipient(new Recipient(
                    text(recipient, "key"),
                    text(recipient, "name"),
                    RecipientRole.find(text(recipient, "role")).orElseThrow(),
                    text(recipient, "country"),
                    optionalText(recipient, "dpa"),
                    expires == null
                            ? null
                            : instant(expires)
                                    .atOffset(java.time.ZoneOffset.UTC)
                                    .toLocalDate(),
                    RecipientStatus.find(text(recipient, "status")).orElseThrow(),
                    Boolean.TRUE.equals(recipient.get("dpf"))));
        }
        for (Map<String, Object> activity : list(required(yaml, "activities"))) {
            Map<TermKey, LegalBasis> purposes = new LinkedHashMap<>();
            map(required(activity, "purposes"))
                    .forEach(
                            (key, basis) -> purposes.put(TermKey.of(key), LegalBasis.of("legalBasis", (String) basis)));
            List<Policy.Transfer> transfers = new ArrayList<>();
            for (Map<String, Object> transfer : list(activity.getOrDefault("transfers", List.of()))) {
                transfers.add(new Policy.Transfer(
                        text(transfer, "country"),
                        optionalText(transfer, "recipient"),
                        Safeguard.find(text(transfer, "safeguard")).orElseThrow()));
            }
            Object retention = activity.get("retention");
            builder.activity(new Policy.Activity(
                    text(activity, "key"),
                    text(activity, "name"),
                    ActivityStatus.of("status", text(activity, "status")),
                    purposes,
                    keys(activity.getOrDefault("categories", List.of())),
                    Set.copyOf(strings(activity.getOrDefault("recipients", List.of()))),
                    transfers,
                    Policy.Review.valueOf(String.valueOf(activity.getOrDefault("review", "not_required"))
                            .toUpperCase(Locale.ROOT)),
                    retention == null ? null : Period.parse((String) retention),
                    keys(activity.getOrDefault("mask", List.of())),
                    Boolean.TRUE.equals(activity.get("pseudonymise"))));
        }
        Map<String, Map<String, Object>> notices = new LinkedHashMap<>();
        for (Map<String, Object> notice : list(yaml.getOrDefault("notices", List.of()))) {
            notices.put(text(notice, "purpose"), notice);
        }
        for (Map<String, Object> notice : noticeChanges) {
            notices.put(text(notice, "purpose"), notice);
        }
        notices.values()
                .forEach(notice -> builder.notice(new NoticeVersion(
                        TermKey.of(text(notice, "purpose")), (Integer) required(notice, "latest"), (Integer)
                                required(notice, "material"))));
        return builder.build();
    }

    static Map<String, Object> load() throws IOException {
        try (InputStream in = DecisionCasesTest.class.getResourceAsStream("decision-cases.yaml")) {
            assertThat(in).isNotNull();
            Map<String, Object> corpus = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return corpus;
        }
    }

    private static <T> T required(Map<String, T> map, String key) {
        T value = map.get(key);
        if (value == null) {
            throw new AssertionError("the corpus lacks " + key + " in " + map);
        }
        return value;
    }

    private static String text(Map<String, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new AssertionError("the corpus lacks " + key + " in " + map);
        }
        return value.toString();
    }

    private static @Nullable String optionalText(Map<String, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        return value instanceof java.util.Date date ? date.toInstant() : Instant.parse(value.toString());
    }

    private static Set<TermKey> keys(Object value) {
        return strings(value).stream().map(TermKey::of).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> map(Object value) {
        return (Map<String, T>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
