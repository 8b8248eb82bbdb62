package io.custodia.server.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The changes feed: commit order without holes, over the facade and over HTTP (JSON pages and server-sent events). */
class ChangesFeedTests extends CustodiaTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";

    @Autowired
    Changes changes;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aCommittedChange_getsAFeedPosition_andARolledBackOneNever() {
        UUID kept = UUID.randomUUID();
        UUID dropped = UUID.randomUUID();
        long before = changes.sequenceCommitted();
        long logId = transactions.execute(status -> changes.append(ChangesTests.change(kept)));
        transactions.executeWithoutResult(status -> {
            changes.append(ChangesTests.change(dropped));
            status.setRollbackOnly();
        });

        long head = changes.sequenceCommitted();

        long position = changes.positionOf(logId).orElseThrow();
        assertThat(position).isGreaterThan(before).isLessThanOrEqualTo(head);
        List<FeedEntry> read = changes.after(before, null, 1_000);
        assertThat(read).extracting(FeedEntry::subjectId).contains(kept).doesNotContain(dropped);
        assertThat(read).extracting(FeedEntry::position).isSorted().doesNotHaveDuplicates();
    }

    /**
     * Writers take their log ids in one order and commit in another, some roll back; a follower reads the feed all
     * along. It must see every committed change exactly once, none that rolled back, at positions without gaps.
     */
    @Test
    void aFollower_seesExactlyTheCommittedChanges_whenTransactionsCommitOutOfOrder() throws Exception {
        long start = changes.sequenceCommitted();
        Set<UUID> committed = ConcurrentHashMap.newKeySet();
        Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<FeedEntry> seen = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<?> follower = pool.submit(() -> {
                long position = start;
                while (true) {
                    boolean last = !writing.get();
                    if (last) {
                        changes.sequenceCommitted();
                    }
                    List<FeedEntry> page = changes.after(position, null, 100);
                    seen.addAll(page);
                    if (!page.isEmpty()) {
                        position = page.get(page.size() - 1).position();
                    } else if (last) {
                        return null;
                    }
                    Thread.sleep(2);
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                writers.add(pool.submit(() -> {
                    for (int round = 0; round < 25; round++) {
                        UUID subject = UUID.randomUUID();
                        boolean rollBack = ThreadLocalRandom.current().nextInt(5) == 0;
                        transactions.executeWithoutResult(status -> {
                            changes.append(ChangesTests.change(subject));
                            // Hold the transaction open a while, so that later ids commit first.
                            sleep(ThreadLocalRandom.current().nextInt(15));
                            if (rollBack) {
                                status.setRollbackOnly();
                            }
                        });
                        (rollBack ? rolledBack : committed).add(subject);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            follower.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        Set<UUID> mine = new HashSet<>();
        for (FeedEntry entry : seen) {
            if (committed.contains(entry.subjectId()) || rolledBack.contains(entry.subjectId())) {
                assertThat(mine.add(entry.subjectId()))
                        .as("seen once: " + entry)
                        .isTrue();
            }
        }
        assertThat(mine).isEqualTo(committed);
        assertThat(seen).extracting(FeedEntry::position).doesNotHaveDuplicates().isSorted();
        assertThat(seen.get(seen.size() - 1).position() - start).isEqualTo(seen.size());
    }

    @Test
    void aJsonPage_readsTheFeedAfterAPosition_forStaffWhoMayFollowIt() {
        UUID subject = UUID.randomUUID();
        long before = changes.sequenceCommitted();
        transactions.execute(status -> changes.append(ChangesTests.change(subject)));
        changes.sequenceCommitted();

        HttpResponse<String> response = get("/api/v1/changes?after=" + before, basic("engineer", DEMO_PASSWORD));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = parse(response);
        JsonNode first = page.get("changes").get(0);
        assertThat(first.get("position").asLong()).isEqualTo(before + 1);
        assertThat(first.get("type").asString()).isEqualTo("consent.changed");
        assertThat(first.get("change").get("purpose").asString()).isEqualTo("marketing.personalised_offers");
        assertThat(page.get("head").asLong()).isGreaterThan(before);
        assertThat(get("/api/v1/changes", basic("agent.sn", DEMO_PASSWORD)).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/changes?after=-1", admin()).statusCode()).isEqualTo(400);
    }

    @Test
    void theEventStream_deliversAChangeSoonAfterItsCommit_withItsPositionAsEventId_andResumes() throws Exception {
        long before = changes.sequenceCommitted();
        HttpRequest follow = HttpRequest.newBuilder(uri("/api/v1/changes?after=" + before))
                .header("Authorization", basic("engineer", DEMO_PASSWORD))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> stream = http.send(follow, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        UUID subject = UUID.randomUUID();
        // No sequenceCommitted here: the writer's commit wakes the sequencer, which moves the stream.
        transactions.execute(status -> changes.append(ChangesTests.change(subject)));

        String id = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String line;
            String lastId = null;
            while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    lastId = line.substring(3).strip();
                } else if (line.startsWith("data:") && line.contains(subject.toString())) {
                    id = lastId;
                    assertThat(line).contains("\"type\":\"consent.changed\"");
                    break;
                }
            }
        }
        assertThat(id).isNotNull();
        long position = Long.parseLong(id);
        assertThat(position).isGreaterThan(before);
        assertThat(changes.after(position - 1, null, 1).get(0).subjectId()).isEqualTo(subject);

        // A follower that reconnects says the last id it applied; the stream goes on from the next one.
        HttpRequest resume = HttpRequest.newBuilder(uri("/api/v1/changes"))
                .header("Authorization", basic("engineer", DEMO_PASSWORD))
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(position - 1))
                .GET()
                .build();
        HttpResponse<InputStream> resumed = http.send(resume, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            while (line != null && !line.startsWith("id:")) {
                line = lines.readLine();
            }
            assertThat(line).isEqualTo("id:" + position);
        }
    }

    /**
     * A follower of one entity whose changes are quiet still learns how far the feed went: the heartbeat names the
     * position up to which it was sent everything of its entity, at the rate it asked for.
     */
    @Test
    void aHeartbeat_comesAtTheRateAsked_andNamesThePositionTheFollowerIsComplete() throws Exception {
        long before = changes.sequenceCommitted();
        HttpRequest follow = HttpRequest.newBuilder(uri("/api/v1/changes?entity=KE&heartbeat=PT1S&after=" + before))
                .header("Authorization", basic("engineer", DEMO_PASSWORD))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        HttpResponse<InputStream> stream = http.send(follow, HttpResponse.BodyHandlers.ofInputStream());
        // A change of another entity moves the head without sending anything to this follower.
        transactions.execute(status -> changes.append(ChangesTests.change(UUID.randomUUID())));
        long head = changes.sequenceCommitted();

        long complete = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String line;
            while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
                assertThat(line).doesNotStartWith("data:");
                if (line.startsWith(":heartbeat ")) {
                    complete = Long.parseLong(
                            line.substring(":heartbeat ".length()).strip());
                    if (complete >= head) {
                        break;
                    }
                }
            }
        }
        assertThat(complete).isGreaterThanOrEqualTo(head);
        HttpResponse<String> tooOften = send(HttpRequest.newBuilder(uri("/api/v1/changes?heartbeat=PT0.1S"))
                .header("Authorization", basic("engineer", DEMO_PASSWORD))
                .header("Accept", "text/event-stream, application/problem+json")
                .GET()
                .build());
        assertThat(tooOften.statusCode()).isEqualTo(400);
        assertThat(tooOften.body()).contains("heartbeat");
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
