package io.custodia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Policy;
import io.custodia.core.decision.Question;
import io.custodia.core.decision.Reason;
import io.custodia.core.decision.Snapshot;
import io.custodia.core.jurisdiction.JurisdictionPacks;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Freshness and positions of the replica, on a clock the test moves (milliseconds since the epoch). */
class ReplicaTest {
    private static final TermKey OFFERS = TermKey.of("marketing.personalised_offers");
    private static final Question ASK = Question.of(OFFERS);
    private static final long START = Instant.parse("2026-06-01T10:00:00Z").toEpochMilli();
    private static final Duration STALENESS = Duration.ofSeconds(5);

    private final UUID customer = UUID.randomUUID();
    private final Replica replica = new Replica(STALENESS, START);

    @Test
    void beforeItsSnapshot_theReplicaDeniesAsStale() {
        assertThat(replica.decide(customer, ASK, START)).isEqualTo(Engine.staleReplica());
        assertThat(replica.fresh(START)).isFalse();
        assertThat(replica.position()).isZero();
        assertThat(replica.lag(START + 1_500)).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aLoadedReplica_decides_untilItHasHeardNothingForLongerThanTheBound() {
        replica.install(loaded(10), START);
        grant(11, START + 100);

        assertThat(replica.decide(customer, ASK, START + 100).allowed()).isTrue();
        assertThat(replica.decide(customer, ASK, START + 100 + STALENESS.toMillis())
                        .allowed())
                .isTrue();
        Decision stale = replica.decide(customer, ASK, START + 101 + STALENESS.toMillis());
        assertThat(stale).isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reason())
                .isEqualTo(Reason.STALE_REPLICA));
        assertThat(replica.lag(START + 2_100)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aHeartbeat_provesFreshness_andBringsThePositionToTheHeadItNames() {
        replica.install(loaded(10), START);
        long later = START + 4_000;
        replica.heartbeat(25L, later);
        assertThat(replica.position()).isEqualTo(25);
        assertThat(replica.head()).isEqualTo(25);

        // Without it, this would be 9 s after the last news.
        assertThat(replica.fresh(START + 9_000)).isTrue();
        replica.heartbeat(null, START + 13_000);
        assertThat(replica.fresh(START + 18_000)).isTrue();
        assertThat(replica.position()).isEqualTo(25);
        assertThat(replica.fresh(START + 18_001)).isFalse();
    }

    @Test
    void aChangeAtAPositionAlreadyApplied_isSkipped() {
        replica.install(loaded(10), START);
        assertThat(grant(11, START)).isTrue();
        assertThat(replica.apply(
                        11,
                        new ConsentChanged(
                                customer, "FR", OFFERS.value(), "withdrawn", Instant.ofEpochMilli(START), null),
                        START))
                .isFalse();
        assertThat(replica.decide(customer, ASK, START).allowed()).isTrue();
        assertThat(replica.position()).isEqualTo(11);
    }

    @Test
    void failingClosed_deniesWhateverTheTime_untilTheNextSnapshot() {
        replica.install(loaded(10), START);
        grant(11, START);

        replica.failClosed();

        assertThat(replica.decide(customer, ASK, START)).isEqualTo(Engine.staleReplica());
        assertThatThrownBy(() -> grant(12, START)).isInstanceOf(IllegalStateException.class);
        replica.install(loaded(40), START + 1_000);
        assertThat(replica.fresh(START + 1_000)).isTrue();
        assertThat(replica.position()).isEqualTo(40);
    }

    @Test
    void aChangeTheEngineCannotApply_isReported() {
        replica.install(loaded(10), START);

        assertThatThrownBy(() -> replica.apply(
                        11,
                        new ConsentChanged(
                                customer, "FR", OFFERS.value(), "pondering", Instant.ofEpochMilli(START), null),
                        START))
                .isInstanceOf(InvalidInputException.class);
        assertThat(replica.position()).isEqualTo(10);
    }

    @Test
    void awaitPosition_returnsOnceThePositionIsApplied() throws Exception {
        replica.install(loaded(10), START);
        assertThat(replica.awaitPosition(10, Duration.ZERO)).isTrue();
        assertThat(replica.awaitPosition(12, Duration.ofMillis(20))).isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return replica.awaitPosition(12, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        grant(11, START);
        replica.heartbeat(12L, START);

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Regression: a waiter woken by the snapshot could find the replica loaded but not yet marked fresh. */
    @Test
    void whoeverWaitedForTheSnapshot_findsItFresh() throws Exception {
        for (int round = 0; round < 200; round++) {
            Replica waited = new Replica(STALENESS, START);
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return waited.awaitPosition(0, Duration.ofSeconds(30)) && waited.fresh(START);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            waited.install(loaded(10), START);

            assertThat(waiting.get(30, TimeUnit.SECONDS)).as("round %d", round).isTrue();
        }
    }

    @Test
    void theListener_isDoneWithAChange_beforeItsPositionIsReported() {
        replica.install(loaded(10), START);
        long[] seen = new long[2];
        ReplicaListener listener = (position, change) -> {
            seen[0] = position;
            seen[1] = replica.position();
        };

        replica.apply(
                11,
                new ConsentChanged(customer, "FR", OFFERS.value(), "granted", Instant.ofEpochMilli(START), null),
                START,
                listener);

        assertThat(seen).containsExactly(11, 10);
        assertThat(replica.position()).isEqualTo(11);
        assertThat(replica.decide(customer, ASK, START).allowed()).isTrue();
    }

    @Test
    void aDecisionWithAPrebuiltQuestion_allocatesNothing() {
        replica.install(loaded(10), START);
        grant(11, START);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int allowed = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            allowed += replica.decide(customer, ASK, START + warm % 1_000).allowed() ? 1 : 0;
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int call = 0; call < 100_000; call++) {
            allowed += replica.decide(customer, ASK, START + call % 1_000).allowed() ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allowed).isEqualTo(120_000);
        // One object per decision would be at least 1.6 MB; the bound leaves room for what the JIT and the counter
        // itself allocate once in a while (about 1 KB seen on a busy machine), which does not grow with the calls.
        assertThat(allocated).as("bytes allocated by 100,000 decisions").isLessThan(16_000);
    }

    private boolean grant(long position, long nowMillis) {
        return replica.apply(
                position,
                new ConsentChanged(customer, "FR", OFFERS.value(), "granted", Instant.ofEpochMilli(START), null),
                nowMillis);
    }

    private static Snapshot.Loaded loaded(long position) {
        Policy policy = Policy.builder("FR")
                .jurisdiction(JurisdictionPacks.builtIn().get("fr"))
                .activity(Policy.Activity.active("offers", OFFERS, LegalBasis.CONSENT, Set.of()))
                .build();
        return new Snapshot.Loaded(position, "FR", Engine.of(policy), 0);
    }
}
