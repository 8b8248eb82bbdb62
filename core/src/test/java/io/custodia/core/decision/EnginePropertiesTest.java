package io.custodia.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Properties of the engine over random histories of consent changes and flags for a few customers and twenty purposes
 * (so that the index's layout grows past sixteen purposes), with expiries on a coarse grid so that several grants of a
 * customer lapse at the same second.
 */
class EnginePropertiesTest {
    private static final String ENTITY = "FR";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private static final long HOUR = 3600;
    private static final int PURPOSES = 20;
    private static final int SUBJECTS = 6;
    private static final List<TermKey> PURPOSE_KEYS = new ArrayList<>();
    private static final List<LegalBasis> BASES = List.of(
            LegalBasis.CONSENT,
            LegalBasis.CONSENT,
            LegalBasis.CONSENT,
            LegalBasis.LEGITIMATE_INTEREST,
            LegalBasis.CONTRACT,
            LegalBasis.PUBLIC_TASK);
    private static final List<String> STATUSES =
            List.of("none", "granted", "granted", "refused", "withdrawn", "objected", "expired", "reconsent_required");
    private static final TermKey CATEGORY = TermKey.of("user.device");

    static {
        // The first two are those the EU pack's Global Privacy Control policy lists.
        PURPOSE_KEYS.add(TermKey.of("marketing.partner_advertising"));
        PURPOSE_KEYS.add(TermKey.of("marketing.personalised_offers"));
        for (int purpose = 2; purpose < PURPOSES; purpose++) {
            PURPOSE_KEYS.add(TermKey.of("purpose.p" + purpose));
        }
    }

    /** One change in a history: a consent state or a customer's flags. */
    record Step(int subject, int purpose, int status, int expiresInHours, boolean flags, int flagBits, int age) {}

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, SUBJECTS - 1),
                        Arbitraries.integers().between(0, PURPOSES - 1),
                        Arbitraries.integers().between(0, STATUSES.size() - 1),
                        Arbitraries.integers().between(-2, 12),
                        Arbitraries.integers().between(0, 9).map(roll -> roll == 0),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, AgeBand.values().length - 1))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void engine_agreesWithAPlainModel(
            @ForAll("histories") List<Step> history,
            @ForAll @IntRange(min = 0, max = 14) int hoursLater,
            @ForAll @Size(PURPOSES) List<@IntRange(min = 0, max = 5) Integer> bases,
            @ForAll boolean gpc) {
        Policy policy = policy(bases, ActivityStatus.ACTIVE);
        Engine engine = Engine.of(policy);
        Model model = new Model();
        List<UUID> ids = ids();
        for (Step step : history) {
            engine.apply(step.flags() ? model.flags(step, ids) : model.consent(step, ids));
        }
        long now = START + hoursLater * HOUR;
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            Question question =
                    Question.of(PURPOSE_KEYS.get(purpose), Set.of(CATEGORY)).withGpc(gpc);
            LegalBasis basis = BASES.get(bases.get(purpose));
            RoaringBitmap expectedAudience = new RoaringBitmap();
            for (int subject = 0; subject < SUBJECTS; subject++) {
                Decision decision = engine.decide(question, ids.get(subject), now);
                @Nullable Reason expected = model.decide(subject, purpose, basis, gpc, now);
                if (expected == null) {
                    assertThat(decision.allowed())
                            .as("subject %s purpose %s: %s", subject, purpose, decision)
                            .isTrue();
                    engine.index().ordinalOf(ids.get(subject)).ifPresent(expectedAudience::add);
                } else {
                    assertThat(decision)
                            .as("subject %s purpose %s", subject, purpose)
                            .isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason())
                                    .isEqualTo(expected));
                }
            }
            assertThat(engine.audience(question, now)).isEqualTo(expectedAudience);
        }
    }

    @Property(tries = 200)
    void noAllow_forAConsentPurpose_withoutAGrantInForce(
            @ForAll("histories") List<Step> history, @ForAll @IntRange(min = 0, max = 14) int hoursLater) {
        List<Integer> allConsent = new ArrayList<>();
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            allConsent.add(0);
        }
        Engine engine = Engine.of(policy(allConsent, ActivityStatus.ACTIVE));
        Map<Long, ConsentChanged> last = new HashMap<>();
        Model model = new Model();
        List<UUID> ids = ids();
        for (Step step : history) {
            if (!step.flags()) {
                ConsentChanged change = model.consent(step, ids);
                engine.apply(change);
                last.put((long) step.subject() * PURPOSES + step.purpose(), change);
            }
        }
        long now = START + hoursLater * HOUR;
        for (int subject = 0; subject < SUBJECTS; subject++) {
            for (int purpose = 0; purpose < PURPOSES; purpose++) {
                Decision decision = engine.decide(Question.of(PURPOSE_KEYS.get(purpose)), ids.get(subject), now);
                if (decision.allowed()) {
                    ConsentChanged change = last.get((long) subject * PURPOSES + purpose);
                    if (change == null) {
                        throw new AssertionError("allowed without any consent state: " + decision);
                    }
                    assertThat(change.status()).isEqualTo("granted");
                    Instant expiresAt = change.expiresAt();
                    assertThat(expiresAt == null || now < expiresAt.getEpochSecond())
                            .isTrue();
                }
            }
        }
    }

    @Property(tries = 100)
    void aHaltedActivity_neverAllows(
            @ForAll("histories") List<Step> history,
            @ForAll @Size(PURPOSES) List<@IntRange(min = 0, max = 5) Integer> bases) {
        Engine engine = Engine.of(policy(bases, ActivityStatus.HALTED));
        Model model = new Model();
        List<UUID> ids = ids();
        for (Step step : history) {
            engine.apply(step.flags() ? model.flags(step, ids) : model.consent(step, ids));
        }
        for (int subject = 0; subject < SUBJECTS; subject++) {
            for (int purpose = 0; purpose < PURPOSES; purpose++) {
                Decision decision = engine.decide(Question.of(PURPOSE_KEYS.get(purpose)), ids.get(subject), START);
                assertThat(decision).isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason())
                        .isEqualTo(Reason.HALTED));
            }
        }
    }

    private static List<UUID> ids() {
        List<UUID> ids = new ArrayList<>();
        for (int subject = 0; subject < SUBJECTS; subject++) {
            ids.add(new UUID(subject * 31L + 7, subject));
        }
        return ids;
    }

    private static Policy policy(List<Integer> bases, ActivityStatus status) {
        Policy.Builder builder =
                Policy.builder(ENTITY).jurisdiction(JurisdictionPacks.builtIn().get("eu-gdpr"));
        for (int purpose = 0; purpose < PURPOSES; purpose++) {
            Policy.Activity activity = Policy.Activity.active(
                    "activity-" + purpose, PURPOSE_KEYS.get(purpose), BASES.get(bases.get(purpose)), Set.of(CATEGORY));
            builder.activity(new Policy.Activity(
                    activity.key(),
                    activity.name(),
                    status,
                    activity.purposes(),
                    activity.categories(),
                    activity.recipients(),
                    activity.transfers(),
                    activity.review(),
                    activity.retention(),
                    activity.mask(),
                    activity.pseudonymise()));
        }
        return builder.build();
    }

    /** The decision rules written as plainly as possible, over maps. */
    private static final class Model {
        private final Map<Long, String> statuses = new HashMap<>();
        private final Map<Long, Long> expiries = new HashMap<>();
        private final Map<Integer, Integer> flagBits = new HashMap<>();
        private final Map<Integer, AgeBand> ages = new HashMap<>();

        ConsentChanged consent(Step step, List<UUID> ids) {
            String status = STATUSES.get(step.status());
            long key = (long) step.subject() * PURPOSES + step.purpose();
            statuses.put(key, status);
            Instant expiresAt = null;
            // Some grants are renewed, some not; expiries on an hourly grid so that several coincide.
            if (status.equals("granted") && step.expiresInHours() % 3 != 0) {
                expiresAt = Instant.ofEpochSecond(START + step.expiresInHours() * HOUR);
                expiries.put(key, expiresAt.getEpochSecond());
            } else {
                expiries.remove(key);
            }
            return new ConsentChanged(
                    ids.get(step.subject()),
                    ENTITY,
                    PURPOSE_KEYS.get(step.purpose()).value(),
                    status,
                    Instant.ofEpochSecond(START),
                    expiresAt);
        }

        SubjectFlagsChanged flags(Step step, List<UUID> ids) {
            flagBits.put(step.subject(), step.flagBits());
            AgeBand age = AgeBand.values()[step.age()];
            ages.put(step.subject(), age);
            return new SubjectFlagsChanged(
                    ids.get(step.subject()),
                    ENTITY,
                    (step.flagBits() & 1) != 0,
                    (step.flagBits() & 2) != 0,
                    age,
                    (step.flagBits() & 4) != 0);
        }

        @Nullable
        Reason decide(int subject, int purpose, LegalBasis basis, boolean gpc, long now) {
            int bits = flagBits.getOrDefault(subject, 0);
            AgeBand age = ages.getOrDefault(subject, AgeBand.UNKNOWN);
            long key = (long) subject * PURPOSES + purpose;
            String status = statuses.getOrDefault(key, "none");
            if (basis == LegalBasis.CONSENT && age.isUnder(16) && (bits & 4) == 0) {
                return Reason.PARENTAL_CONSENT_REQUIRED;
            }
            if ((bits & 1) != 0) {
                return Reason.SUBJECT_ERASED;
            }
            if ((bits & 2) != 0) {
                return Reason.RESTRICTED;
            }
            if (basis == LegalBasis.CONSENT) {
                return switch (status) {
                    case "granted" -> {
                        Long expiry = expiries.get(key);
                        yield expiry == null || now < expiry ? null : Reason.EXPIRED;
                    }
                    case "none" -> Reason.NO_CONSENT;
                    case "refused" -> Reason.REFUSED;
                    case "withdrawn" -> Reason.WITHDRAWN;
                    case "expired" -> Reason.EXPIRED;
                    case "reconsent_required" -> Reason.RECONSENT_REQUIRED;
                    default -> Reason.OBJECTED;
                };
            }
            if (basis.objectable()) {
                if (status.equals("objected")) {
                    return Reason.OBJECTED;
                }
                boolean listed = purpose < 2;
                return gpc && listed && !status.equals("granted") ? Reason.OBJECTED : null;
            }
            return null;
        }
    }
}
