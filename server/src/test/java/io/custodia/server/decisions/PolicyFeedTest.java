package io.custodia.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.change.PolicyChanged;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import io.custodia.core.decision.Snapshot;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.CustodiaTest;
import io.custodia.server.changes.Changes;
import io.custodia.server.changes.FeedEntry;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Policies on the changes feed, and the binary snapshot replicas start from. */
class PolicyFeedTest extends CustodiaTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final String NETWORK_QUALITY = "analytics.network_quality";
    private static final String OFFERS = "marketing.personalised_offers";

    @Autowired
    Changes changes;

    @Autowired
    DecisionReplica replica;

    @Autowired
    Subjects subjects;

    /**
     * Two activities of one entity halted at the same time: each change publishes the entity's whole policy, and the
     * one numbered last holds both halts, so no replica ends up with one of them undone.
     */
    @Test
    void concurrentChangesOfOneEntity_publishPoliciesThatIncludeEachOther() throws Exception {
        List<String> ids = List.of(activityOf(NETWORK_QUALITY), activityOf(OFFERS));
        long before = changes.sequenceCommitted();
        try {
            List<CompletableFuture<HttpResponse<String>>> halts = ids.stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> status(id, "halted")))
                    .toList();
            for (CompletableFuture<HttpResponse<String>> halt : halts) {
                assertThat(halt.get().statusCode()).as(halt.get().body()).isEqualTo(200);
            }
            changes.sequenceCommitted();

            List<FeedEntry> policies = changes.after(before, List.of("FR"), 1_000).stream()
                    .filter(entry -> entry.type().equals(PolicyChanged.TYPE))
                    .toList();

            assertThat(policies).hasSizeGreaterThanOrEqualTo(2);
            JsonNode last = json.readTree(policies.get(policies.size() - 1).payload());
            for (String id : ids) {
                assertThat(statusIn(last, id)).as(id).isEqualTo("halted");
            }
        } finally {
            ids.forEach(id -> status(id, "active"));
        }
    }

    @Test
    void aSnapshot_decidesAsTheServer_andNamesThePositionToFollowFrom() throws Exception {
        String customer = "FR-S" + UUID.randomUUID().toString().substring(0, 8);
        record(customer, OFFERS, "granted");
        record(customer, NETWORK_QUALITY, "objected");
        long head = changes.sequenceCommitted();

        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri("/api/v1/changes/snapshot?entity=FR"))
                        .header("Authorization", basic("engineer", DEMO_PASSWORD))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        Snapshot.Loaded loaded = Snapshot.read(new ByteArrayInputStream(response.body()));
        assertThat(loaded.position()).isGreaterThanOrEqualTo(head);
        assertThat(response.headers().firstValue("Custodia-Feed-Position")).hasValue(Long.toString(loaded.position()));
        Engine server = replica.engine("FR", Decisions.CATCH_UP).orElseThrow();
        long now = Instant.now().getEpochSecond();
        int compared = 0;
        // Every customer of the snapshot (the ledger's customers; other tests append changes of made-up customers
        // straight to the feed, which the server's replica holds and the ledger does not).
        Engine snapshot = loaded.engine();
        assertThat(snapshot.index().ordinalOf(idOf(customer))).isPresent();
        for (int ordinal = 0; ordinal < snapshot.index().size(); ordinal++) {
            UUID subject = snapshot.index().subjectAt(ordinal);
            for (String purpose : List.of(OFFERS, NETWORK_QUALITY)) {
                Question question = Question.of(TermKey.of(purpose));
                Decision expected = server.decide(question, subject, now);
                assertThat(snapshot.decide(question, subject, now))
                        .as("%s %s", subject, purpose)
                        .isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(2);
        assertThat(get("/api/v1/changes/snapshot", basic("engineer", DEMO_PASSWORD))
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/api/v1/changes/snapshot?entity=FR", basic("agent.sn", DEMO_PASSWORD))
                        .statusCode())
                .isEqualTo(403);
    }

    private UUID idOf(String customer) {
        return subjects.find("FR", SubjectIdentifier.of("customer_id", customer))
                .orElseThrow();
    }

    private String activityOf(String purpose) {
        JsonNode activities = parse(get("/api/v1/activities?entity=FR&status=active&purpose=" + purpose, admin()));
        assertThat(activities.size()).isEqualTo(1);
        return activities.get(0).get("id").asString();
    }

    private HttpResponse<String> status(String id, String status) {
        return post(
                "/api/v1/activities/" + id + "/status",
                admin(),
                "{\"status\":\"" + status + "\",\"reason\":\"policy feed test\"}");
    }

    private static String statusIn(JsonNode change, String activityId) {
        return change.get("policy")
                .get("activities")
                .valueStream()
                .filter(activity -> activity.get("key").asString().equals(activityId))
                .findFirst()
                .orElseThrow()
                .get("status")
                .asString();
    }

    private void record(String customer, String purpose, String action) {
        String body = json.createObjectNode()
                .put("entity", "FR")
                .put("purpose", purpose)
                .put("action", action)
                .put("noticeVersion", 1)
                .put("channel", "api")
                .set(
                        "subject",
                        json.createObjectNode().put("scheme", "customer_id").put("value", customer))
                .toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", admin())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "test-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
