package io.custodia.server.consent;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.consent.Actor;
import io.custodia.core.consent.AgeBand;
import io.custodia.core.consent.Channel;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Records the checked choices of concurrent requests together: a writer thread takes every request waiting and
 * writes them in one transaction, with a few statements for them all, and answers each once that transaction has
 * committed.
 *
 * <p>Thread-safe. See the essay inside the class for what is kept of each request's rules.
 */
@Component
class GroupCommit implements SmartLifecycle {

    /*
     * Why, and what stays true.
     *
     * Recording one choice is a handful of statements (find the customer, check the key, lock, read the fold,
     * insert the audit entry, the event and the change) and a commit, which waits for the write-ahead log to reach
     * the disk. Concurrent requests each paid all of it. Here a writer thread takes the requests waiting when it is
     * free (up to MAX_EVENTS events), and writes them in one transaction with one statement per step for all of
     * them: the customers found with one query per entity, the keys with one, every customer's lock in one sorted
     * sweep, the folds read with one query, the audit entries, events and changes each inserted with one statement,
     * then one commit. While it commits, the next requests gather. A request that arrives while no other is being
     * recorded is written at once on its own thread, the same way, as a group of one. There are a few writer threads (custodia.consent.writers, 2 by default), so that one group's Java work overlaps another's
     * statements and commit, and a busy machine's scheduler does not hold every request behind one thread.
     *
     * Each request keeps every rule it had alone:
     * - Answered after the commit. A request's answer is handed back only once the transaction holding its events
     *   has committed, so an acknowledged write survives a crash as before.
     * - All or nothing, and apart from the others. A request's rules that depend on the ledger (a guardian's link,
     *   the age of digital consent, an idempotency key used for another request) are checked before anything is
     *   written, and a request that breaks one is answered with its error and leaves nothing: customers are
     *   registered only for the requests that go ahead. If the transaction itself fails (a concurrent request took a
     *   key or registered the same new customer first, a deadlock, any database error), nothing of the group was
     *   written, and each request is then written again on its own, in its own transaction, so that one request's
     *   failure is its own.
     * - Per-customer order. The requests of a group are written in the order they arrived; each gets a server time
     *   after the one before it, and each event is folded with the events before it, those of the same group
     *   included. Every customer's lock is held from the sweep to the commit, as a lone writer holds it, so two groups
     *   in flight at once take turns on a customer they share, as two concurrent requests always did; a request sent
     *   after another was answered is in a later group.
     * - Idempotency. A key seen before is answered as before. Two requests of one group with the same key: the
     *   second waits for the next group, where it finds the first one's event. Two groups in flight with the same
     *   key, or the same new customer: one transaction fails on the unique index and its group is written again.
     * - Locks. The group takes its customers' advisory locks in key order in one statement and then the ledger
     *   table's ROW EXCLUSIVE lock, as every writer does, so it cannot deadlock with another writer, and a bulk
     *   import's last phase is waited for.
     */

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** At most this many events per transaction; a group holds at least one request, however large. */
    static final int MAX_EVENTS = 1_000;

    private static final int ATTEMPTS = 5;

    private final Subjects subjects;
    private final StoredEvents events;
    private final Guardianship guardianship;
    private final Receipts receipts;
    private final LedgerWriter writer;
    private final GpcSignals gpc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final int writers;
    private final BlockingDeque<Waiting> waiting = new LinkedBlockingDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Requests being recorded now, alone or in groups. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean running;

    @SuppressWarnings("TooManyParameters") // the parts of the ledger a write goes through
    GroupCommit(
            Subjects subjects,
            StoredEvents events,
            Guardianship guardianship,
            Receipts receipts,
            LedgerWriter writer,
            GpcSignals gpc,
            TransactionTemplate transactions,
            ObjectMapper json,
            Clock clock,
            @Value("${custodia.consent.writers:2}") int writers) {
        this.subjects = subjects;
        this.events = events;
        this.guardianship = guardianship;
        this.receipts = receipts;
        this.writer = writer;
        this.gpc = gpc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        if (writers < 1) {
            throw new IllegalArgumentException("custodia.consent.writers must be at least 1, got " + writers);
        }
        this.writers = writers;
    }

    /**
     * One request's choices, checked by {@link Choices}, with what writing them needs of the request.
     *
     * @param choices the choices, in the request's order
     * @param auditActor the caller as the audit log names them
     * @param single whether the request records one choice ({@code POST /api/v1/consents}); a batch's errors name
     *     {@code events[i].field}
     */
    record Submission(List<Choice> choices, Origin origin, Recorder caller, String auditActor, boolean single) {
        Submission {
            choices = List.copyOf(choices);
        }
    }

    /**
     * Records a request's choices and answers once they have committed.
     *
     * @return the answers, in the order of the choices
     * @throws InvalidInputException when a rule that depends on the ledger is broken; nothing is stored
     * @throws ConflictException when an idempotency key was used for a different request
     */
    List<RecordedConsent> record(Submission submission) {
        if (!running || TransactionSynchronizationManager.isActualTransactionActive()) {
            // Before start or after stop, or inside a caller's transaction, whose work the choices join.
            return writeAlone(submission);
        }
        if (inFlight.incrementAndGet() == 1) {
            // Nobody else is writing: no group to join, and handing the request to a writer thread would only add
            // two thread switches to its time. Requests arriving meanwhile gather for the writer threads.
            try {
                return writeAlone(submission);
            } finally {
                inFlight.decrementAndGet();
            }
        }
        try {
            return inGroup(submission);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private List<RecordedConsent> inGroup(Submission submission) {
        Waiting request = new Waiting(submission);
        waiting.add(request);
        if (!running && waiting.remove(request)) {
            // Stopped meanwhile: the writer thread may be gone.
            return writeAlone(submission);
        }
        try {
            return request.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the consent was being recorded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("The consent could not be recorded", e.getCause());
        }
    }

    /** How many requests wait for a writer thread now. */
    int waiting() {
        return waiting.size();
    }

    /** How many writer threads write groups. */
    int writers() {
        return writers;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int index = 1; index <= writers; index++) {
            Thread started = new Thread(this::run, "consent-group-commit-" + index);
            started.setDaemon(true);
            threads.add(started);
            started.start();
        }
    }

    /** Stops after every request waiting has been written. */
    @Override
    public synchronized void stop() {
        running = false;
        for (Thread stopping : threads) {
            try {
                stopping.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped after the web server, whose requests it answers. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void run() {
        while (running || !waiting.isEmpty()) {
            Waiting first;
            try {
                first = waiting.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<Waiting> group = new ArrayList<>();
            group.add(first);
            int size = first.submission.choices().size();
            while (size < MAX_EVENTS) {
                // Taken, then given back if too large: another writer thread may take requests meanwhile.
                Waiting next = waiting.pollFirst();
                if (next == null) {
                    break;
                }
                if (size + next.submission.choices().size() > MAX_EVENTS) {
                    waiting.addFirst(next);
                    break;
                }
                group.add(next);
                size += next.submission.choices().size();
            }
            try {
                commit(group);
            } catch (RuntimeException | Error e) {
                // Never leave a caller waiting.
                log.error("Recording a group of {} consent requests failed", group.size(), e);
                group.forEach(request -> request.answer.completeExceptionally(e));
            }
        }
    }

    /**
     * Writes a group in one transaction. If that fails, nothing of it was written: when a concurrent writer got in
     * the way, the group is written once more (it then sees what the other did); otherwise, or if it fails again,
     * each request is written alone, so that a failure is its own.
     */
    private void commit(List<Waiting> group) {
        List<Submission> submissions =
                group.stream().map(request -> request.submission).toList();
        List<Outcome> outcomes;
        try {
            outcomes = writeGroup(submissions);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                answer(group.get(0), e);
                return;
            }
            try {
                if (!retryable(e)) {
                    throw e;
                }
                outcomes = writeGroup(submissions);
            } catch (RuntimeException again) {
                for (Waiting request : group) {
                    answer(request, null);
                }
                return;
            }
        }
        List<Waiting> later = new ArrayList<>();
        for (int index = 0; index < group.size(); index++) {
            Waiting request = group.get(index);
            Outcome outcome = outcomes.get(index);
            if (outcome instanceof Outcome.Written written) {
                request.answer.complete(written.answers());
            } else if (outcome instanceof Outcome.Refused refused) {
                request.answer.completeExceptionally(refused.cause());
            } else {
                later.add(request);
            }
        }
        for (int index = later.size() - 1; index >= 0; index--) {
            waiting.addFirst(later.get(index));
        }
    }

    /** Writes one request alone, answering it whatever happens. */
    private void answer(Waiting request, @Nullable RuntimeException failedInGroup) {
        try {
            request.answer.complete(writeAlone(request.submission, failedInGroup == null ? 0 : 1, failedInGroup));
        } catch (RuntimeException e) {
            request.answer.completeExceptionally(e);
        }
    }

    private List<Outcome> writeGroup(List<Submission> submissions) {
        return Objects.requireNonNull(transactions.execute(status -> write(submissions)));
    }

    private List<RecordedConsent> writeAlone(Submission submission) {
        return writeAlone(submission, 0, null);
    }

    /**
     * Writes one request in a transaction of its own, again when a concurrent request got in the way: it registered
     * the same new customer, took the same idempotency key, or deadlocked with this one. The next attempt sees what
     * it did.
     */
    private List<RecordedConsent> writeAlone(
            Submission submission, int attemptsMade, @Nullable RuntimeException lastFailure) {
        RuntimeException failure = lastFailure;
        for (int attempt = attemptsMade + 1; attempt <= ATTEMPTS; attempt++) {
            if (failure != null && !retryable(failure)) {
                throw failure;
            }
            try {
                Outcome outcome = Objects.requireNonNull(transactions.execute(
                        status -> write(List.of(submission)).get(0)));
                if (outcome instanceof Outcome.Written written) {
                    return written.answers();
                }
                if (outcome instanceof Outcome.Refused refused) {
                    throw refused.cause();
                }
                throw new IllegalStateException("A lone request waits for no other");
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        throw Objects.requireNonNull(failure);
    }

    private static boolean retryable(RuntimeException e) {
        return e instanceof LedgerWriter.KeyTaken
                || e instanceof DuplicateKeyException
                || e instanceof TransientDataAccessException;
    }

    /** A request waiting for its group's commit. */
    private static final class Waiting {
        private final Submission submission;
        private final CompletableFuture<List<RecordedConsent>> answer = new CompletableFuture<>();

        Waiting(Submission submission) {
            this.submission = submission;
        }
    }

    /** What became of one request of a group. */
    private sealed interface Outcome {
        /** Its choices were written (or replayed), with these answers. */
        record Written(List<RecordedConsent> answers) implements Outcome {}

        /** It broke a rule and left nothing. */
        record Refused(RuntimeException cause) implements Outcome {}

        /** It uses an idempotency key that a request before it in the group uses: it goes with the next group. */
        record Later() implements Outcome {}
    }

    /** A customer of one entity, named by an identifier. */
    private record Named(String entityCode, SubjectIdentifier identifier) {}

    /** A customer of one entity, as a key. */
    private record SubjectOf(EntityContext context, UUID id) {
        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof SubjectOf that && context.code().equals(that.context.code()) && id.equals(that.id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(context.code(), id);
        }
    }

    /** One request of a group as planned: its answers so far and the events it will write. */
    private static final class Plan {
        private final Submission submission;
        private final RecordedConsent[] answers;
        private final List<Integer> draftIndexes = new ArrayList<>();
        private final List<ConsentEvent> events = new ArrayList<>();
        private final List<String> digests = new ArrayList<>();
        private final Set<Named> registers = new LinkedHashSet<>();
        private final Map<SubjectOf, Set<TermKey>> chosen = new LinkedHashMap<>();
        private final Map<SubjectOf, Channel> channels = new HashMap<>();

        Plan(Submission submission) {
            this.submission = submission;
            this.answers = new RecordedConsent[submission.choices().size()];
        }
    }

    /**
     * Writes the requests of a group in the current transaction.
     *
     * @return what became of each request, in order
     */
    private List<Outcome> write(List<Submission> group) {
        // What the ledger knows of the group's customers and keys, one query per entity and kind.
        Map<String, Set<SubjectIdentifier>> identifiers = new LinkedHashMap<>();
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (Submission submission : group) {
            for (Choice choice : submission.choices()) {
                String entityCode = choice.context().code();
                identifiers
                        .computeIfAbsent(entityCode, code -> new LinkedHashSet<>())
                        .add(choice.identifier());
                keys.computeIfAbsent(entityCode, code -> new LinkedHashSet<>()).add(choice.idempotencyKey());
            }
        }
        // Keys before customers: each statement sees what had committed when it began, and a request replayed by its
        // key is compared with the first one by customer id. Read the other way round, a concurrent group committing
        // a new customer and its event between the two reads would show the event but not the customer, and the same
        // request would look like a different one.
        Map<String, Map<String, StoredEvent>> recorded = new HashMap<>();
        keys.forEach((entityCode, used) -> recorded.put(entityCode, events.byKeys(entityCode, used)));
        Map<Named, UUID> known = new HashMap<>();
        identifiers.forEach((entityCode, named) -> subjects.findAll(entityCode, named)
                .forEach((identifier, id) -> known.put(new Named(entityCode, identifier), id)));
        Set<UUID> granting = new HashSet<>();
        for (Submission submission : group) {
            for (Choice choice : submission.choices()) {
                UUID id = known.get(new Named(choice.context().code(), choice.identifier()));
                if (id != null && choice.action() == ConsentAction.GRANTED) {
                    granting.add(id);
                }
            }
        }
        Map<UUID, Subjects.Age> ages = subjects.ages(granting);

        // Each request's rules, before anything is written.
        Map<Named, UUID> newIds = new HashMap<>();
        Set<String> keysTaken = new HashSet<>();
        List<Outcome> outcomes = new ArrayList<>(group.size());
        List<@Nullable Plan> plans = new ArrayList<>(group.size());
        Instant lastReceived = Instant.EPOCH;
        for (Submission submission : group) {
            Instant received = now();
            if (!received.isAfter(lastReceived)) {
                received = lastReceived.plus(1, ChronoUnit.MICROS);
            }
            lastReceived = received;
            try {
                Plan plan = plan(submission, received, known, newIds, recorded, ages, keysTaken);
                if (plan == null) {
                    outcomes.add(new Outcome.Later());
                    plans.add(null);
                    continue;
                }
                for (int index : plan.draftIndexes) {
                    Choice choice = submission.choices().get(index);
                    keysTaken.add(
                            choice.idempotencyKey() + "\n" + choice.context().code());
                }
                outcomes.add(new Outcome.Written(List.of()));
                plans.add(plan);
            } catch (InvalidInputException | ConflictException e) {
                outcomes.add(new Outcome.Refused(e));
                plans.add(null);
            }
        }

        // The new customers of the requests that go ahead, one registration per caller.
        Map<String, Map<Named, UUID>> toRegister = new LinkedHashMap<>();
        for (Plan plan : nonNull(plans)) {
            for (Named named : plan.registers) {
                toRegister
                        .computeIfAbsent(plan.submission.auditActor(), actor -> new LinkedHashMap<>())
                        .put(named, Objects.requireNonNull(newIds.get(named)));
            }
        }
        Set<Named> registered = new HashSet<>();
        toRegister.forEach((actor, byName) -> {
            List<UUID> ids = new ArrayList<>();
            List<Subjects.NewSubject> news = new ArrayList<>();
            byName.forEach((named, id) -> {
                if (registered.add(named)) {
                    ids.add(id);
                    news.add(new Subjects.NewSubject(named.entityCode(), AgeBand.UNKNOWN, List.of(named.identifier())));
                }
            });
            if (!ids.isEmpty()) {
                subjects.registerAll(actor, ids, news);
            }
        });

        // The events, each with its receipt's document; device ids sealed under their customers' keys.
        Set<UUID> sealing = new HashSet<>();
        for (Plan plan : nonNull(plans)) {
            for (int draft = 0; draft < plan.events.size(); draft++) {
                if (plan.submission
                        .choices()
                        .get(plan.draftIndexes.get(draft))
                        .where()
                        .containsKey("deviceId")) {
                    sealing.add(plan.events.get(draft).subjectId());
                }
            }
        }
        Subjects.Sealer sealer = sealing.isEmpty() ? null : subjects.sealer(sealing);
        List<LedgerWriter.Pending> pending = new ArrayList<>();
        List<Plan> pendingPlans = new ArrayList<>();
        List<Integer> pendingIndexes = new ArrayList<>();
        Set<UUID> locked = new LinkedHashSet<>();
        for (Plan plan : nonNull(plans)) {
            plan.chosen.keySet().forEach(subject -> locked.add(subject.id()));
            for (int draft = 0; draft < plan.events.size(); draft++) {
                int index = plan.draftIndexes.get(draft);
                Choice choice = plan.submission.choices().get(index);
                ConsentEvent event = plan.events.get(draft);
                String receiptDocument = receipts.document(
                        event,
                        new Receipts.Facts(
                                choice.context(),
                                choice.purpose(),
                                choice.notice(),
                                choice.language(),
                                plan.submission.origin().baseUrl(),
                                null));
                Map<String, String> where = sealer == null
                        ? choice.where()
                        : DeviceIds.sealed(choice.where(), deviceId -> sealer.seal(event.subjectId(), deviceId));
                pending.add(new LedgerWriter.Pending(
                        new Draft(
                                event,
                                choice.purpose(),
                                choice.context().code(),
                                choice.notice().key(),
                                choice.language(),
                                where,
                                choice.actorName(),
                                plan.digests.get(draft),
                                plan.submission.origin().gpc(),
                                null,
                                receiptDocument),
                        choice.context().notices().versions(),
                        plan.submission.auditActor(),
                        "consent.recorded"));
                pendingPlans.add(plan);
                pendingIndexes.add(index);
            }
        }

        // Every customer the group may write for (an opt-out signal may apply to replayed ones too), then the writes.
        writer.lock(locked);
        List<RecordedConsent> written = writer.writeAll(pending);
        for (int index = 0; index < written.size(); index++) {
            pendingPlans.get(index).answers[pendingIndexes.get(index)] = written.get(index);
        }
        for (int index = 0; index < plans.size(); index++) {
            Plan plan = plans.get(index);
            if (plan == null) {
                continue;
            }
            Submission submission = plan.submission;
            if (submission.origin().gpc() && submission.caller().mayRecord()) {
                plan.chosen.forEach((subject, purposes) -> gpc.receive(
                        subject.context(),
                        subject.id(),
                        purposes,
                        Objects.requireNonNull(plan.channels.get(subject)),
                        submission.origin(),
                        subject.context().notices().versions()));
            }
            outcomes.set(index, new Outcome.Written(Arrays.asList(plan.answers)));
        }
        return outcomes;
    }

    private static List<Plan> nonNull(List<@Nullable Plan> plans) {
        List<Plan> found = new ArrayList<>();
        for (Plan plan : plans) {
            if (plan != null) {
                found.add(plan);
            }
        }
        return found;
    }

    /**
     * Checks one request's rules that depend on the ledger and plans its events.
     *
     * @return the plan, or null when the request must wait for the next group
     * @throws InvalidInputException or {@link ConflictException} when the request breaks a rule
     */
    private @Nullable Plan plan(
            Submission submission,
            Instant received,
            Map<Named, UUID> known,
            Map<Named, UUID> newIds,
            Map<String, Map<String, StoredEvent>> recorded,
            Map<UUID, Subjects.Age> ages,
            Set<String> keysTaken) {
        Plan plan = new Plan(submission);
        for (int index = 0; index < submission.choices().size(); index++) {
            Choice choice = submission.choices().get(index);
            String entityCode = choice.context().code();
            String prefix = submission.single() ? "" : "events[" + index + "].";
            Named named = new Named(entityCode, choice.identifier());
            UUID knownId = known.get(named);
            UUID subjectId = knownId != null ? knownId : newIds.computeIfAbsent(named, key -> UUID.randomUUID());
            if (knownId == null) {
                plan.registers.add(named);
            }
            SubjectOf subject = new SubjectOf(choice.context(), subjectId);
            plan.chosen
                    .computeIfAbsent(subject, key -> new LinkedHashSet<>())
                    .add(choice.purpose().purpose());
            plan.channels.putIfAbsent(subject, choice.channel());
            Actor actor = ConsentLedger.named(prefix, () -> guardianship.actor(choice, subjectId));
            String digest = ConsentLedger.digest(subjectId, choice, actor);
            StoredEvent earlier = recorded.getOrDefault(entityCode, Map.of()).get(choice.idempotencyKey());
            if (earlier != null) {
                plan.answers[index] = replay(earlier, digest, choice.idempotencyKey());
                continue;
            }
            if (keysTaken.contains(choice.idempotencyKey() + "\n" + entityCode)) {
                return null;
            }
            ConsentEvent event = new ConsentEvent(
                    UUID.randomUUID(),
                    subjectId,
                    choice.purpose().purpose(),
                    choice.scope(),
                    choice.action(),
                    choice.notice().version(),
                    choice.notice().contentHash(),
                    choice.channel(),
                    choice.clientTime(),
                    received,
                    actor,
                    choice.idempotencyKey());
            ConsentLedger.named(prefix, () -> {
                if (knownId == null) {
                    guardianship.check(event, choice.context(), null);
                } else if (ages.containsKey(knownId)) {
                    guardianship.check(event, choice.context(), ages.get(knownId));
                } else {
                    guardianship.check(event, choice.context());
                }
                return event;
            });
            plan.draftIndexes.add(index);
            plan.events.add(event);
            plan.digests.add(digest);
        }
        return plan;
    }

    /**
     * The first answer to a request whose idempotency key the ledger holds, when this is the same request.
     *
     * @throws io.custodia.core.ConflictException when the key was used by another request or by a bulk import
     */
    private RecordedConsent replay(StoredEvent recorded, String digest, String key) {
        String result = recorded.result();
        if (result == null) {
            throw new io.custodia.core.ConflictException(
                    "The idempotency key '" + key + "' was used by a bulk import: send a new key with each new choice");
        }
        if (!recorded.requestDigest().equals(digest)) {
            throw new io.custodia.core.ConflictException("The idempotency key '" + key
                    + "' was used for a different request: send a new key with each new choice");
        }
        return json.readValue(result, RecordedConsent.Stored.class).replayed();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
