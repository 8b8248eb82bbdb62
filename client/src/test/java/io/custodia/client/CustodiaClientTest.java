package io.custodia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.decision.Engine;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CustodiaClientTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aClientThatCannotReachItsServer_failsClosed_andItsLagGrows() throws Exception {
        MovingClock clock = new MovingClock(Instant.parse("2026-06-01T10:00:00Z"));
        try (CustodiaClient client = CustodiaClient.builder()
                .baseUrl("http://127.0.0.1:" + closedPort())
                .token("cst_test")
                .entity("FR")
                .clock(clock)
                .connectTimeout(Duration.ofMillis(200))
                .readTimeout(Duration.ofMillis(1_500))
                .build()) {
            assertThat(client.awaitReady(Duration.ofMillis(200))).isFalse();
            clock.advance(Duration.ofSeconds(3));

            assertThat(client.decide(UUID.randomUUID(), "marketing.personalised_offers", Set.of(), null))
                    .isEqualTo(Engine.staleReplica());
            assertThat(client.fresh()).isFalse();
            assertThat(client.lag()).isEqualTo(Duration.ofSeconds(3));
            assertThat(client.appliedPosition()).isZero();
            assertThat(client.entityCode()).isEqualTo("FR");
        }
    }

    @Test
    void theBuilder_namesWhatIsMissingOrWrong() {
        assertSetting(CustodiaClient.builder().token("cst_x").entity("FR"), "baseUrl");
        assertSetting(
                CustodiaClient.builder()
                        .baseUrl("ftp://example.com")
                        .token("cst_x")
                        .entity("FR"),
                "baseUrl");
        assertSetting(CustodiaClient.builder().baseUrl("http://localhost").entity("FR"), "token");
        assertSetting(CustodiaClient.builder().baseUrl("http://localhost").token("cst_x"), "entity");
        assertSetting(
                CustodiaClient.builder()
                        .baseUrl("http://localhost")
                        .token("cst_x")
                        .entity("FR")
                        .heartbeat(Duration.ofMillis(500)),
                "heartbeat");
        assertSetting(
                CustodiaClient.builder()
                        .baseUrl("http://localhost")
                        .token("cst_x")
                        .entity("FR")
                        .readTimeout(Duration.ofSeconds(1)),
                "readTimeout");
        assertSetting(
                CustodiaClient.builder()
                        .baseUrl("http://localhost")
                        .token("cst_x")
                        .entity("FR")
                        .maxStaleness(Duration.ZERO),
                "maxStaleness");
    }

    @Test
    void onlyRetryableAnswers_areRetried() {
        assertThat(ConsentRecorder.retryable(429)).isTrue();
        assertThat(ConsentRecorder.retryable(503)).isTrue();
        assertThat(ConsentRecorder.retryable(502)).isTrue();
        assertThat(ConsentRecorder.retryable(504)).isTrue();
        assertThat(ConsentRecorder.retryable(500)).isFalse();
        assertThat(ConsentRecorder.retryable(400)).isFalse();
        assertThat(ConsentRecorder.retryable(409)).isFalse();
        assertThat(ConsentRecorder.retryable(401)).isFalse();
    }

    private static void assertSetting(CustodiaClient.Builder builder, String field) {
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly(field));
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
