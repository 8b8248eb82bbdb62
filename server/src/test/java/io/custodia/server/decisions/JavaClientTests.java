package io.custodia.server.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.client.ConsentRecord;
import io.custodia.client.CustodiaClient;
import io.custodia.client.ProblemException;
import io.custodia.client.RecordedConsent;
import io.custodia.client.ReplicaListener;
import io.custodia.client.SubjectId;
import io.custodia.core.InvalidInputException;
import io.custodia.core.change.Change;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Question;
import io.custodia.core.decision.Reason;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.CustodiaTest;
import io.custodia.server.changes.Changes;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Java client against the real server: it loads the entity's snapshot, follows the feed, denies what was withdrawn
 * over the API, resumes after its connection is cut without missing a change, fails closed when the server goes
 * silent, and records consent once through a retry. The network between them is a {@link FlakyProxy} where a test
 * needs it to fail.
 */
class JavaClientTests extends CustodiaTest {
    private static final String DEMO_PASSWORD = "custodia-demo-2026";
    private static final String OFFERS = "marketing.personalised_offers";
    private static final String NETWORK_QUALITY = "analytics.network_quality";
    private static final Question ASK_OFFERS = Question.of(TermKey.of(OFFERS));
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    Subjects subjects;

    @Autowired
    Changes changes;

    @Test
    void theClient_loadsTheSnapshot_followsTheFeed_andDeniesAWithdrawalAcknowledgedOverTheApi() throws Exception {
        String customer = newCustomer();
        try (CustodiaClient client = client(port, token(), Duration.ofSeconds(5), null)) {
            assertThat(client.awaitReady(PATIENCE)).isTrue();
            assertThat(client.fresh()).isTrue();

            RecordedConsent granted = client.record(grant(customer, OFFERS));
            assertThat(granted.state().status()).isEqualTo("granted");
            assertThat(granted.replayed()).isFalse();
            UUID id = idOf(customer);
            assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                    .isTrue();
            assertThat(client.decide(id, ASK_OFFERS).allowed()).isTrue();

            record(customer, OFFERS, "withdrawn");
            assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                    .isTrue();

            assertThat(reason(client.decide(id, ASK_OFFERS))).isEqualTo(Reason.WITHDRAWN);
            assertThat(reason(client.decide(id, OFFERS, java.util.Set.of(), null)))
                    .isEqualTo(Reason.WITHDRAWN);
            assertThat(client.headPosition()).isGreaterThanOrEqualTo(client.appliedPosition());
            assertThat(client.lag()).isLessThan(PATIENCE);
        }
    }

    @Test
    void aCutConnection_resumesAfterTheLastAppliedPosition_withoutMissingOrRepeatingAChange() throws Exception {
        List<Long> applied = new CopyOnWriteArrayList<>();
        AtomicInteger disconnections = new AtomicInteger();
        ReplicaListener listener = new ReplicaListener() {
            @Override
            public void applied(long position, Change change) {
                applied.add(position);
            }

            @Override
            public void disconnected(Exception cause) {
                disconnections.incrementAndGet();
            }
        };
        List<String> customers = new ArrayList<>();
        try (FlakyProxy proxy = new FlakyProxy(port);
                CustodiaClient client = client(proxy.port(), token(), Duration.ofSeconds(30), listener)) {
            assertThat(client.awaitReady(PATIENCE)).isTrue();
            for (int round = 0; round < 30; round++) {
                String customer = newCustomer();
                customers.add(customer);
                record(customer, OFFERS, "granted");
                if (round % 10 == 9) {
                    proxy.cutAll();
                }
            }
            assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                    .isTrue();

            for (String customer : customers) {
                assertThat(client.decide(idOf(customer), ASK_OFFERS).allowed())
                        .as(customer)
                        .isTrue();
            }
            assertThat(disconnections.get()).isPositive();
            assertThat(applied).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aSilentServer_makesTheReplicaDenyAsStale_untilItIsHeardAgain() throws Exception {
        String customer = newCustomer();
        record(customer, OFFERS, "granted");
        UUID id = idOf(customer);
        try (FlakyProxy proxy = new FlakyProxy(port);
                CustodiaClient client = client(proxy.port(), token(), Duration.ofSeconds(2), null)) {
            assertThat(client.awaitReady(PATIENCE)).isTrue();
            assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                    .isTrue();
            assertThat(client.decide(id, ASK_OFFERS).allowed()).isTrue();

            proxy.silent(true);
            eventually(() -> reason(client.decide(id, ASK_OFFERS)) == Reason.STALE_REPLICA);
            assertThat(client.fresh()).isFalse();
            assertThat(client.lag()).isGreaterThan(Duration.ofSeconds(2));

            proxy.silent(false);
            eventually(() -> client.decide(id, ASK_OFFERS).allowed());
        }
    }

    @Test
    void aLostAnswer_isRetriedWithTheSameIdempotencyKey_andTheChoiceIsRecordedOnce() throws Exception {
        String customer = newCustomer();
        try (FlakyProxy proxy = new FlakyProxy(port);
                CustodiaClient client = client(proxy.port(), token(), Duration.ofSeconds(5), null)) {
            proxy.loseNextConsentAnswer();

            RecordedConsent recorded = client.record(grant(customer, OFFERS));

            assertThat(recorded.replayed())
                    .as("answered by the retry with the first answer")
                    .isTrue();
            assertThat(recorded.state().status()).isEqualTo("granted");
            JsonNode events =
                    parse(get("/api/v1/consents/events?scheme=customer_id&value=" + customer + "&entity=FR", dpo()));
            assertThat(events.size()).isEqualTo(1);
            assertThat(events.get(0).get("eventId").asString())
                    .isEqualTo(recorded.eventId().toString());
        }
    }

    @Test
    void aRefusedChoice_raisesTheProblemWithItsFieldErrors() throws Exception {
        try (CustodiaClient client = client(port, token(), Duration.ofSeconds(5), null)) {
            ConsentRecord wrong = ConsentRecord.of(SubjectId.customerId(newCustomer()), "Offers!", "granted", 1, "app");

            assertThatThrownBy(() -> client.record(wrong)).isInstanceOfSatisfying(ProblemException.class, problem -> {
                assertThat(problem.status()).isEqualTo(400);
                assertThat(problem.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .contains("purpose");
            });
        }
    }

    @Test
    void aHaltedActivity_reachesTheReplicaAsAPolicyChange() throws Exception {
        String customer = newCustomer();
        record(customer, NETWORK_QUALITY, "granted");
        UUID id = idOf(customer);
        Question network = Question.of(TermKey.of(NETWORK_QUALITY));
        List<PolicyChanged> policies = new CopyOnWriteArrayList<>();
        ReplicaListener listener = (position, change) -> {
            if (change instanceof PolicyChanged policy) {
                policies.add(policy);
            }
        };
        JsonNode activities =
                parse(get("/api/v1/activities?entity=FR&status=active&purpose=" + NETWORK_QUALITY, dpo()));
        String path = "/api/v1/activities/" + activities.get(0).get("id").asString() + "/status";
        try (CustodiaClient client = client(port, token(), Duration.ofSeconds(5), listener)) {
            assertThat(client.awaitReady(PATIENCE)).isTrue();
            assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                    .isTrue();
            assertThat(client.decide(id, network).allowed()).isTrue();
            try {
                ok(post(path, dpo(), "{\"status\":\"halted\",\"reason\":\"ethics committee review\"}"));
                assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                        .isTrue();

                assertThat(reason(client.decide(id, network))).isEqualTo(Reason.HALTED);
                assertThat(policies).isNotEmpty();
            } finally {
                ok(post(path, dpo(), "{\"status\":\"active\",\"reason\":\"review closed\"}"));
            }
            assertThat(client.awaitPosition(changes.sequenceCommitted(), PATIENCE))
                    .isTrue();
            assertThat(client.decide(id, network).allowed()).isTrue();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static CustodiaClient client(
            int serverPort, String token, Duration maxStaleness, @Nullable ReplicaListener listener) {
        CustodiaClient.Builder builder = CustodiaClient.builder()
                .baseUrl("http://localhost:" + serverPort)
                .token(token)
                .entity("FR")
                .maxStaleness(maxStaleness)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(4));
        if (listener != null) {
            builder.listener(listener);
        }
        return builder.build();
    }

    private static ConsentRecord grant(String customer, String purpose) {
        return ConsentRecord.of(SubjectId.customerId(customer), purpose, "granted", 1, "app");
    }

    private static @Nullable Reason reason(Decision decision) {
        return decision instanceof Decision.Deny deny ? deny.reason() : null;
    }

    /** Waits, up to {@link #PATIENCE}, for what a test expects to happen. */
    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", PATIENCE).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String token() {
        ObjectNode body =
                json.createObjectNode().put("name", "java-client-test").put("entity", "FR");
        body.putArray("scopes").add("feed:read").add("consent:write");
        return parse(ok(post("/api/v1/tokens", dpo(), body.toString())))
                .get("token")
                .asString();
    }

    private void record(String customer, String purpose, String action) {
        ObjectNode body = json.createObjectNode();
        body.putObject("subject").put("scheme", "customer_id").put("value", customer);
        body.put("entity", "FR")
                .put("purpose", purpose)
                .put("action", action)
                .put("noticeVersion", 1)
                .put("channel", "api");
        ok(send(HttpRequest.newBuilder(uri("/api/v1/consents"))
                .header("Authorization", dpo())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "client-test-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build()));
    }

    private UUID idOf(String customer) {
        return subjects.find("FR", SubjectIdentifier.of("customer_id", customer))
                .orElseThrow();
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private static String dpo() {
        return basic("dpo", DEMO_PASSWORD);
    }

    private static String newCustomer() {
        return "FR-J"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                        .toUpperCase(Locale.ROOT);
    }
}
