package io.custodia.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A replica loaded from a snapshot decides exactly as the replica that followed the same history change by change:
 * random histories over 20 purposes (past the index's first 16-purpose word), with flags, renewable grants whose
 * expiries often coincide, and every status.
 */
class SnapshotPropertiesTest {
    private static final String ENTITY = "FR";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private static final long HOUR = 3600;
    private static final int PURPOSES = 20;
    private static final int SUBJECTS = 8;
    private static final List<String> STATUSES =
            List.of("none", "granted", "granted", "refused", "withdrawn", "objected", "expired", "reconsent_required");
    private static final List<LegalBasis> BASES =
            List.of(LegalBasis.CONSENT, LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST, LegalBasis.CONTRACT);

    record Step(int subject, int purpose, int status, int expiresInHours, boolean flags, int flagBits, int age) {}

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, SUBJECTS - 1),
                        Arbitraries.integers().between(0, PURPOSES - 1),
                        Arbitraries.integers().between(0, STATUSES.size() - 1),
                        Arbitraries.integers().between(-3, 40),
                        Arbitraries.integers().between(0, 7).map(roll -> roll == 0),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, AgeBand.values().length - 1))
                .as(Step::new);
        return step.list().ofMinSize(0).ofMaxSize(120);
    }

    @Property(tries = 100)
    void aLoadedReplica_decidesAsTheOneThatFollowedTheFeed(
            @ForAll("histories") List<Step> history,
            @ForAll @IntRange(min = 0, max = 3) int basisShift,
            @ForAll boolean flagsApart)
            throws IOException {
        Policy policy = policy(basisShift);
        Engine followed = Engine.of(policy);
        List<UUID> ids = new ArrayList<>();
        for (int subject = 0; subject < SUBJECTS; subject++) {
            ids.add(UUID.randomUUID());
        }
        // What the server's tables hold after the history: each customer's flags and last state per purpose.
        Map<Integer, SubjectFlagsChanged> flags = new LinkedHashMap<>();
        Map<Integer, Map<Integer, ConsentChanged>> states = new LinkedHashMap<>();
        for (Step step : history) {
            UUID id = ids.get(step.subject());
            if (step.flags()) {
                SubjectFlagsChanged change = new SubjectFlagsChanged(
                        id,
                        ENTITY,
                        (step.flagBits() & 1) != 0,
                        (step.flagBits() & 2) != 0,
                        AgeBand.values()[step.age()],
                        (step.flagBits() & 4) != 0);
                followed.apply(change);
                flags.put(step.subject(), change);
            } else {
                String status = STATUSES.get(step.status());
                Instant expiresAt = status.equals("granted") && step.expiresInHours() % 4 != 0
                        ? Instant.ofEpochSecond(START + (step.expiresInHours() / 4) * 4 * HOUR)
                        : null;
                ConsentChanged change = new ConsentChanged(
                        id, ENTITY, purpose(step.purpose()).value(), status, Instant.ofEpochSecond(START), expiresAt);
                followed.apply(change);
                states.computeIfAbsent(step.subject(), subject -> new LinkedHashMap<>())
                        .put(step.purpose(), change);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Snapshot.Writer writer = Snapshot.writer(bytes, ENTITY, history.size(), PolicyDocument.of(policy));
        List<UUID> known = new ArrayList<>();
        for (int subject = 0; subject < SUBJECTS; subject++) {
            SubjectFlagsChanged flagsOf = flags.get(subject);
            Map<Integer, ConsentChanged> statesOf = states.getOrDefault(subject, Map.of());
            if (flagsOf == null && statesOf.isEmpty()) {
                continue;
            }
            known.add(ids.get(subject));
            if (flagsApart) {
                // As a server that streams the consent states first and the flags after, from other tables.
                if (!statesOf.isEmpty() || flagsOf == null) {
                    writer.subject(
                            ids.get(subject), false, false, AgeBand.UNKNOWN, false, List.copyOf(statesOf.values()));
                }
            } else {
                writer.subject(
                        ids.get(subject),
                        flagsOf != null && flagsOf.erased(),
                        flagsOf != null && flagsOf.restricted(),
                        flagsOf == null ? AgeBand.UNKNOWN : flagsOf.ageBand(),
                        flagsOf != null && flagsOf.parentalConsent(),
                        List.copyOf(statesOf.values()));
            }
        }
        if (flagsApart) {
            for (SubjectFlagsChanged flagsOf : flags.values()) {
                writer.flags(flagsOf);
            }
        }
        writer.finish();

        Snapshot.Loaded loaded = Snapshot.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(loaded.position()).isEqualTo(history.size());
        assertThat(loaded.subjects()).isEqualTo(known.size());
        assertThat(loaded.engine().index().size()).isEqualTo(followed.index().size());
        List<Question> questions = new ArrayList<>();
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            questions.add(Question.of(purpose(purpose)));
            questions.add(Question.of(purpose(purpose)).withGpc(true));
        }
        long[] times = new long[] {START, START + 4 * HOUR - 1, START + 4 * HOUR, START + 20 * HOUR, START + 50 * HOUR};
        SnapshotTest.assertSameDecisions(followed, loaded.engine(), ids, questions, times);
    }

    private static TermKey purpose(int purpose) {
        // The first two are purposes the EU pack's Global Privacy Control policy names.
        return switch (purpose) {
            case 0 -> TermKey.of("marketing.partner_advertising");
            case 1 -> TermKey.of("marketing.personalised_offers");
            default -> TermKey.of("purpose.p" + purpose);
        };
    }

    private static Policy policy(int basisShift) {
        Policy.Builder builder =
                Policy.builder(ENTITY).jurisdiction(JurisdictionPacks.builtIn().get("eu-gdpr"));
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            builder.activity(Policy.Activity.active(
                    "activity-" + purpose,
                    purpose(purpose),
                    BASES.get((purpose + basisShift) % BASES.size()),
                    Set.of(TermKey.of("user"))));
        }
        return builder.build();
    }
}
