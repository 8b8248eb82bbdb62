package io.custodia.server.decisions;

import io.custodia.core.change.Change;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Policy;
import io.custodia.server.changes.Changes;
import io.custodia.server.changes.FeedEntry;
import io.custodia.server.changes.FeedWatermark;
import io.custodia.server.consent.ConsentLedger;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.subjects.Subjects;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The server's own decision replica: one {@link Engine} per entity, started from the ledger and the subjects' flags,
 * then kept in step by following the changes feed on a thread of its own, exactly as a service's replica does.
 *
 * <p>Read-your-writes: every commit that appended changes on this server is counted ({@link Changes#commits()}) before
 * its writer answers. The replica notes, with each feed head it reaches, how many of those commits the feed held by
 * then ({@link FeedWatermark}); a decision first notes the count, and when the replica has not seen that many, waits
 * for it. So a decision asked after a withdrawal was acknowledged sees the withdrawal; when nothing was written since
 * the replica last caught up, the check costs two volatile reads.
 *
 * <p>Policies are compiled again after every commit that changes one (the register, recipients, notices), on the
 * committing thread before it answers, and whenever the feed says a policy changed (another server's write).
 * Thread-safe: decisions run on any thread; one thread applies the feed.
 */
@Component
class DecisionReplica implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DecisionReplica.class);
    private static final int BATCH = 5_000;
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Changes changes;
    private final PolicyCompiler compiler;
    private final ConsentLedger ledger;
    private final Subjects subjects;
    private final Entities entities;
    private final ObjectMapper json;
    private final Map<String, Engine> engines = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> compiling = new ConcurrentHashMap<>();
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private volatile long position = -1;
    private volatile long seenCommits = -1;
    private volatile boolean running;
    private volatile @Nullable Thread thread;

    DecisionReplica(
            Changes changes,
            PolicyCompiler compiler,
            ConsentLedger ledger,
            Subjects subjects,
            Entities entities,
            ObjectMapper json) {
        this.changes = changes;
        this.compiler = compiler;
        this.ledger = ledger;
        this.subjects = subjects;
        this.entities = entities;
        this.json = json;
    }

    /**
     * The engine of an entity once the replica has seen every commit this server acknowledged before the call.
     *
     * @return empty when there is no such entity
     * @throws ReplicaBehindException when the replica did not catch up within the time given
     */
    Optional<Engine> engine(String entityCode, Duration wait) {
        awaitCommits(changes.commits(), wait);
        Engine engine = engines.get(entityCode);
        if (engine != null) {
            return Optional.of(engine);
        }
        return refreshPolicy(entityCode);
    }

    /** The feed position the replica has applied. */
    long position() {
        return position;
    }

    /**
     * Compiles the entity's policy again from what is stored now and puts it in force, creating the entity's engine
     * when it has none. Compilations of one entity take turns, so the last one in force is the newest.
     *
     * @return the entity's engine, or empty when there is no such entity
     */
    Optional<Engine> refreshPolicy(String entityCode) {
        ReentrantLock lock = compilationLock(entityCode);
        lock.lock();
        try {
            Optional<Policy> compiled = compiler.compile(entityCode);
            if (compiled.isEmpty()) {
                return Optional.empty();
            }
            Engine engine = engines.get(entityCode);
            if (engine == null) {
                engine = Engine.of(compiled.get());
                engines.put(entityCode, engine);
            } else {
                engine.swap(compiled.get());
            }
            return Optional.of(engine);
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock compilationLock(String entityCode) {
        return compiling.computeIfAbsent(entityCode, code -> new ReentrantLock());
    }

    private void awaitCommits(long commits, Duration wait) {
        if (seenCommits >= commits) {
            return;
        }
        changes.wake();
        long deadline = System.nanoTime() + wait.toNanos();
        progressLock.lock();
        try {
            while (seenCommits < commits) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ReplicaBehindException(wait);
                }
                progressed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicaBehindException(wait);
        } finally {
            progressLock.unlock();
        }
    }

    private void run() {
        while (running) {
            try {
                if (position < 0) {
                    bootstrap();
                }
                follow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("The decision replica failed; trying again in {}", RETRY, e);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Starts every entity's engine from the ledger and the subjects' flags, then marks the replica as being at the
     * feed head read before: every change numbered up to it was committed before the reads, so the reads include it;
     * changes committed during the reads are applied again from the feed, which is harmless as each carries a
     * whole state.
     */
    private void bootstrap() {
        long started = System.nanoTime();
        FeedWatermark mark = changes.watermark();
        int customers = 0;
        for (GroupEntity entity : entities.all()) {
            // Under the entity's compilation lock: a policy compiled meanwhile after a commit is not overwritten by
            // this older one, it waits and is compiled again over this engine.
            ReentrantLock lock = compilationLock(entity.code());
            lock.lock();
            try {
                Optional<Policy> policy = compiler.compile(entity.code());
                if (policy.isEmpty()) {
                    continue;
                }
                Engine engine = Engine.of(policy.get());
                int[] count = {0};
                ledger.currentStates(entity.code(), states -> {
                    states.forEach(engine::apply);
                    count[0]++;
                });
                subjects.currentFlags(entity.code(), engine::apply);
                engines.put(entity.code(), engine);
                customers += count[0];
            } finally {
                lock.unlock();
            }
        }
        advance(mark);
        log.info(
                "Decision replica started at feed position {} with {} customers' consents in {} ms",
                mark.head(),
                customers,
                (System.nanoTime() - started) / 1_000_000);
    }

    private void follow() throws InterruptedException {
        FeedWatermark seen = changes.watermark();
        while (running) {
            if (seen.head() <= position) {
                advance(seen);
                seen = changes.awaitWatermark(seen, IDLE_WAIT);
                continue;
            }
            List<FeedEntry> batch = changes.after(position, null, BATCH);
            for (FeedEntry entry : batch) {
                apply(entry);
                position = entry.position();
            }
            if (position >= seen.head()) {
                advance(seen);
                seen = changes.watermark();
            }
        }
    }

    private void apply(FeedEntry entry) {
        Change change =
                switch (entry.type()) {
                    case ConsentChanged.TYPE -> json.readValue(entry.payload(), ConsentChanged.class);
                    case SubjectFlagsChanged.TYPE -> json.readValue(entry.payload(), SubjectFlagsChanged.class);
                    default -> null;
                };
        if (change == null) {
            if (PolicyChanged.TYPE.equals(entry.type())) {
                refreshPolicy(entry.entityCode());
            }
            return;
        }
        Engine engine = engines.get(change.entityCode());
        if (engine == null) {
            engine = refreshPolicy(change.entityCode()).orElse(null);
        }
        if (engine != null) {
            engine.apply(change);
        }
    }

    /** Records that the replica holds every change up to the watermark's head, and wakes the decisions waiting. */
    private void advance(FeedWatermark mark) {
        progressLock.lock();
        try {
            if (mark.head() > position) {
                position = mark.head();
            }
            if (mark.commits() > seenCommits) {
                seenCommits = mark.commits();
            }
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread following = new Thread(this::run, "custodia-decision-replica");
        following.setDaemon(true);
        thread = following;
        following.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread following = thread;
        thread = null;
        if (following != null) {
            following.interrupt();
            try {
                following.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
