package io.custodia.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ConsentIndexTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");
    private static final TermKey DEVICES = TermKey.of("service.connected_devices");

    private static Policy policy(TermKey... purposes) {
        Policy.Builder builder =
                Policy.builder("FR").jurisdiction(JurisdictionPacks.builtIn().get("eu-gdpr"));
        for (TermKey purpose : purposes) {
            builder.activity(Policy.Activity.active(purpose.value(), purpose, LegalBasis.CONSENT, Set.of()));
        }
        return builder.build();
    }

    private static ConsentChanged change(UUID subject, TermKey purpose, String status, @Nullable Instant expiresAt) {
        return new ConsentChanged(subject, "FR", purpose.value(), status, NOW.minusSeconds(86_400), expiresAt);
    }

    @Test
    void customers_areNumberedInTheOrderTheyArrive_andFoundByIdAgain() {
        Engine engine = Engine.of(policy(OFFERS));
        List<UUID> ids = new ArrayList<>();
        for (int customer = 0; customer < 50_000; customer++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            engine.apply(change(id, OFFERS, customer % 2 == 0 ? "granted" : "refused", null));
        }
        ConsentIndex index = engine.index();
        assertThat(index.size()).isEqualTo(50_000);
        for (int customer = 0; customer < ids.size(); customer += 997) {
            assertThat(index.ordinalOf(ids.get(customer))).hasValue(customer);
            assertThat(index.subjectAt(customer)).isEqualTo(ids.get(customer));
        }
        assertThat(index.ordinalOf(UUID.randomUUID())).isEmpty();
        assertThat(engine.audience(Question.of(OFFERS), NOW.getEpochSecond()).getCardinality())
                .isEqualTo(25_000);
        ConsentIndex.Footprint footprint = index.footprint();
        assertThat(footprint.subjects()).isEqualTo(50_000);
        assertThat(footprint.decisionBytesPerSubject()).isLessThan(16);
    }

    @Test
    void aSeventeenthPurpose_growsTheLayout_andKeepsEveryState() {
        List<TermKey> purposes = new ArrayList<>();
        for (int purpose = 0; purpose < 40; purpose++) {
            purposes.add(TermKey.of("purpose.p" + purpose));
        }
        Engine engine = Engine.of(policy(purposes.toArray(TermKey[]::new)));
        UUID subject = UUID.randomUUID();
        for (int purpose = 0; purpose < 40; purpose++) {
            engine.apply(change(subject, purposes.get(purpose), purpose % 3 == 0 ? "granted" : "withdrawn", null));
        }
        for (int purpose = 0; purpose < 40; purpose++) {
            Decision decision = engine.decide(Question.of(purposes.get(purpose)), subject, NOW.getEpochSecond());
            assertThat(decision.allowed()).as("purpose %s", purpose).isEqualTo(purpose % 3 == 0);
        }
    }

    @Test
    void anUnknownStatus_isRefused_andChangesNothing() {
        Engine engine = Engine.of(policy(OFFERS));
        UUID subject = UUID.randomUUID();
        engine.apply(change(subject, OFFERS, "granted", null));
        assertThatThrownBy(() -> engine.apply(change(subject, OFFERS, "maybe", null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maybe");
        assertThat(engine.decide(Question.of(OFFERS), subject, NOW.getEpochSecond())
                        .allowed())
                .isTrue();
    }

    @Test
    void changesOfAnotherEntity_areIgnored() {
        Engine engine = Engine.of(policy(OFFERS));
        UUID subject = UUID.randomUUID();
        boolean applied = engine.apply(new ConsentChanged(subject, "KE", OFFERS.value(), "granted", NOW, null));
        assertThat(applied).isFalse();
        assertThat(engine.index().size()).isZero();
    }

    @Test
    void aPolicyOfAnotherEntity_cannotBeSwappedIn() {
        Engine engine = Engine.of(policy(OFFERS));
        Policy kenya = Policy.builder("KE")
                .jurisdiction(JurisdictionPacks.builtIn().get("ke"))
                .build();
        assertThatThrownBy(() -> engine.swap(kenya)).isInstanceOf(InvalidInputException.class);
    }

    /*
     * The customer alternates between two states in which offers is never allowed: (a) offers granted with an expiry
     * in the past and devices granted without one, and (b) offers withdrawn and devices granted until far in the
     * future. Read as a mix (the statuses of (a) with the earliest expiry of (b)), offers would look in force, so
     * readers that ever see an allow have seen a torn state.
     */
    @Test
    void readers_neverSeeAMixOfTwoStates() throws InterruptedException {
        Engine engine = Engine.of(policy(OFFERS, DEVICES));
        UUID subject = UUID.randomUUID();
        Instant past = NOW.minusSeconds(3600);
        Instant future = NOW.plusSeconds(86_400 * 365L);
        engine.apply(change(subject, DEVICES, "granted", null));
        engine.apply(change(subject, OFFERS, "granted", past));
        Question offers = Question.of(OFFERS);
        long now = NOW.getEpochSecond();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong allowed = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int thread = 0; thread < 2; thread++) {
            Thread reader = new Thread(() -> {
                long local = 0;
                while (!done.get()) {
                    if (engine.decide(offers, subject, now).allowed()) {
                        allowed.incrementAndGet();
                    }
                    local++;
                }
                reads.addAndGet(local);
            });
            reader.start();
            readers.add(reader);
        }
        for (int flip = 0; flip < 30_000; flip++) {
            engine.apply(change(subject, OFFERS, "withdrawn", null));
            engine.apply(change(subject, DEVICES, "granted", future));
            engine.apply(change(subject, DEVICES, "granted", null));
            engine.apply(change(subject, OFFERS, "granted", past));
        }
        done.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertThat(reads.get()).isPositive();
        assertThat(allowed.get()).isZero();
    }
}
