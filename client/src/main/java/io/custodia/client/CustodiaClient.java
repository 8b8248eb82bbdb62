package io.custodia.client;

import io.custodia.core.InvalidInputException;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Question;
import io.custodia.core.taxonomy.TermKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custodia for a company's Java service: decisions answered in-process by a replica of one entity's policy and
 * customers' consents, kept fresh from the server's changes feed, and consent recorded over the API.
 *
 * <p>Built with {@link #builder()}; the replica starts loading at once on a daemon thread, and {@link
 * #awaitReady(Duration)} waits for it. Until it is loaded, and whenever it has not heard from the server within the
 * maximum staleness (an event or a heartbeat, which the server sends every second when nothing happens), every
 * decision is {@link Engine#staleReplica()}: a DENY with reason {@code STALE_REPLICA}. Stop means stop: a replica that
 * cannot prove it has every withdrawal fails closed.
 *
 * <pre>{@code
 * try (CustodiaClient custodia = CustodiaClient.builder()
 *         .baseUrl("https://custodia.example.com")
 *         .token(System.getenv("CUSTODIA_TOKEN"))       // a service token with feed:read (and consent:write)
 *         .entity("FR")
 *         .build()) {
 *     custodia.awaitReady(Duration.ofSeconds(30));
 *     Question offers = Question.of(TermKey.of("marketing.personalised_offers"), Set.of(TermKey.of("user.contact")));
 *     if (custodia.decide(customerId, offers).allowed()) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe: decide from any number of threads. {@link #decide(UUID, Question)} takes no lock and allocates
 * nothing once the question was asked once; {@link #decide(UUID, String, Set, String)} looks its question up in a
 * cache first. Close the client to stop following the feed.
 */
public final class CustodiaClient implements AutoCloseable {
    private static final int MAX_CACHED_QUESTIONS = 4_096;

    private final Clock clock;
    private final String entityCode;
    private final Replica replica;
    private final FeedFollower follower;
    private final ConsentRecorder recorder;
    private final ConcurrentHashMap<QuestionKey, Question> questions = new ConcurrentHashMap<>();

    private record QuestionKey(
            String purpose,
            Set<String> categories,
            @Nullable String recipient) {}

    private CustodiaClient(Builder builder, URI base, String token, String entity) {
        this.clock = builder.clock;
        this.entityCode = entity;
        HttpClient http = builder.httpClient != null
                ? builder.httpClient
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(builder.connectTimeout)
                        .build();
        ObjectMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        String authorization = "Bearer " + token;
        Random random = new Random();
        this.replica = new Replica(builder.maxStaleness, clock.millis());
        this.recorder = new ConsentRecorder(
                http,
                base,
                authorization,
                entity,
                builder.readTimeout,
                builder.maxAttempts,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), random),
                json);
        this.follower = new FeedFollower(
                http,
                base,
                authorization,
                entity,
                builder.heartbeat,
                builder.readTimeout,
                clock,
                replica,
                new ChangeDecoder(json),
                builder.listener,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), random));
        follower.start();
    }

    /** A builder; base URL, token and entity are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The entity whose replica this is. */
    public String entityCode() {
        return entityCode;
    }

    /**
     * Decides, in-process, whether the customer's data may be used as the question says, now. Allocates nothing.
     *
     * @param subject the customer's id in Custodia (as the changes feed names them)
     * @return the engine's decision, or a DENY with reason {@code STALE_REPLICA} when the replica cannot prove it is
     *     fresh
     */
    public Decision decide(UUID subject, Question question) {
        return replica.decide(subject, question, clock.millis());
    }

    /**
     * Decides about a use named by its keys; the question is built once per distinct use and kept.
     *
     * @param categories data category keys; empty for every category the activity declares
     * @param recipient the recipient's key, or null when the data stays with the company
     * @throws InvalidInputException when a key is not a taxonomy key
     */
    public Decision decide(UUID subject, String purpose, Set<String> categories, @Nullable String recipient) {
        QuestionKey key = new QuestionKey(purpose, categories, recipient);
        Question question = questions.get(key);
        if (question == null) {
            question = Question.of(
                    TermKey.of(purpose), categories.stream().map(TermKey::of).collect(Collectors.toSet()), recipient);
            if (questions.size() < MAX_CACHED_QUESTIONS) {
                questions.putIfAbsent(new QuestionKey(purpose, Set.copyOf(categories), recipient), question);
            }
        }
        return decide(subject, question);
    }

    /** How long since the replica last proved it was fresh (since the client started, when it never did). */
    public Duration lag() {
        return replica.lag(clock.millis());
    }

    /** Whether decisions are answered by the replica now rather than denied as stale. */
    public boolean fresh() {
        return replica.fresh(clock.millis());
    }

    /** The feed position up to which every change of the entity is applied; 0 before the replica is loaded. */
    public long appliedPosition() {
        return replica.position();
    }

    /** The highest feed position the server has named (in heartbeats and events); at least the applied position. */
    public long headPosition() {
        return replica.head();
    }

    /**
     * Waits until the replica is loaded.
     *
     * @return whether it is, false when the time ran out first
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return replica.awaitPosition(0, timeout);
    }

    /**
     * Waits until the replica reflects a feed position, such as the position a write answered with, so that a decision
     * made after it sees that write.
     *
     * @return whether it does, false when the time ran out first
     */
    public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
        return replica.awaitPosition(position, timeout);
    }

    /**
     * Records a customer's choice ({@code POST /api/v1/consents}) under a new idempotency key, retrying with that key on
     * connection failures and on 429, 502, 503 and 504, so that it is recorded once.
     *
     * @throws ProblemException when the server refuses it (400 with field errors, 401, 403, 409 ...)
     * @throws UnavailableException when no attempt got an answer, or the server stayed unavailable
     */
    public RecordedConsent record(ConsentRecord consent) {
        return recorder.record(consent, UUID.randomUUID().toString());
    }

    /**
     * Records a choice under the caller's idempotency key (1 to 200 visible ASCII characters, unique in the entity), as
     * {@link #record(ConsentRecord)} does: the same key with the same choice again is answered with the first answer,
     * and records nothing.
     */
    public RecordedConsent record(ConsentRecord consent, String idempotencyKey) {
        return recorder.record(consent, idempotencyKey);
    }

    /** Stops following the feed; decisions deny as stale from then on. */
    @Override
    public void close() {
        follower.close();
        replica.failClosed();
    }

    /** Configures a {@link CustodiaClient}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String baseUrl;
        private @Nullable String token;
        private @Nullable String entity;
        private Duration maxStaleness = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration heartbeat = Duration.ofSeconds(1);
        private int maxAttempts = 5;
        private Clock clock = Clock.systemUTC();
        private ReplicaListener listener = (position, change) -> {};
        private @Nullable HttpClient httpClient;

        private Builder() {}

        /** The server's address, such as {@code https://custodia.example.com}. Required. */
        public Builder baseUrl(String url) {
            this.baseUrl = url;
            return this;
        }

        /** A service token ({@code cst_...}) with {@code feed:read}, and {@code consent:write} to record. Required. */
        public Builder token(String serviceToken) {
            this.token = serviceToken;
            return this;
        }

        /** The entity to replicate and record for, such as {@code FR}. Required. */
        public Builder entity(String entityCode) {
            this.entity = entityCode;
            return this;
        }

        /** How long the replica answers without hearing from the server; 5 s by default. */
        public Builder maxStaleness(Duration staleness) {
            this.maxStaleness = staleness;
            return this;
        }

        /** How long to wait for a connection; 5 s by default. Ignored with {@link #httpClient}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * How long to wait for an answer, and how long the feed may stay silent before the client reconnects; 10 s by
         * default, more than the heartbeat.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** How often the server should send a heartbeat when nothing happens; 1 s by default, at least 1 s. */
        public Builder heartbeat(Duration interval) {
            this.heartbeat = interval;
            return this;
        }

        /** How many attempts a recording gets before it fails; 5 by default. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** The clock decisions and staleness are measured with; the system's UTC clock by default. */
        public Builder clock(Clock decisionClock) {
            this.clock = decisionClock;
            return this;
        }

        /** Told of every applied change, snapshot and disconnection, on the feed's thread. */
        public Builder listener(ReplicaListener replicaListener) {
            this.listener = replicaListener;
            return this;
        }

        /** The HTTP client to use (for a proxy, TLS settings …); one is made with the connect timeout by default. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = client;
            return this;
        }

        /**
         * The client, which starts loading its replica at once.
         *
         * @throws InvalidInputException naming the setting that is missing or out of range
         */
        public CustodiaClient build() {
            String url = required("baseUrl", baseUrl);
            URI base;
            try {
                base = URI.create(url.endsWith("/") ? url : url + "/");
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("baseUrl", "not a URL: " + url);
            }
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw InvalidInputException.of("baseUrl", "an http or https URL is required, got " + url);
            }
            String bearer = required("token", token);
            String entityCode = required("entity", entity);
            positive("maxStaleness", maxStaleness);
            positive("connectTimeout", connectTimeout);
            positive("readTimeout", readTimeout);
            if (heartbeat.compareTo(Duration.ofSeconds(1)) < 0) {
                throw InvalidInputException.of("heartbeat", "at least 1 s, got " + heartbeat);
            }
            if (readTimeout.compareTo(heartbeat) <= 0) {
                throw InvalidInputException.of(
                        "readTimeout", "must be longer than the heartbeat (" + heartbeat + "), got " + readTimeout);
            }
            if (maxAttempts < 1) {
                throw InvalidInputException.of("maxAttempts", "at least 1, got " + maxAttempts);
            }
            return new CustodiaClient(this, base, bearer, entityCode);
        }

        private static String required(String field, @Nullable String value) {
            if (value == null || value.isBlank()) {
                throw InvalidInputException.of(field, "is required");
            }
            return value.strip();
        }

        private static void positive(String field, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw InvalidInputException.of(field, "must be positive, got " + value);
            }
        }
    }
}
