package io.custodia.server.decisions;

import io.custodia.core.NotFoundException;
import io.custodia.core.decision.Decision;
import io.custodia.core.decision.Engine;
import io.custodia.core.decision.Policy;
import io.custodia.core.decision.Question;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Service;

/**
 * The decisions feature's facade: may this use of a customer's data go ahead, now? Answered by the server's own
 * replica of every entity's policy and consent index ({@link DecisionReplica}), which sees every write this server
 * acknowledged before the question was asked.
 *
 * <p>Checks that the caller may see the entity; a customer the entity does not know (an unknown identifier or id) is
 * decided on as a customer with no consent and no flags, so an answer never tells whether someone is a customer.
 * Thread-safe.
 */
@Service
public class Decisions {
    /** How long a decision waits for the replica to catch up with this server's writes before giving up (503). */
    static final Duration CATCH_UP = Duration.ofSeconds(5);

    private static final int MAX_CACHED = 200_000;

    private final DecisionReplica replica;
    private final Subjects subjects;
    private final Staff staff;
    private final Entities entities;
    private final Clock clock;
    // Identifiers never move to another customer: an erased customer's identifiers are shredded, and the flags of
    // the id remembered here say it was erased. So a found id can be remembered; an unknown identifier is not.
    private final Map<Known, UUID> known = new ConcurrentHashMap<>();

    Decisions(DecisionReplica replica, Subjects subjects, Staff staff, Entities entities, Clock clock) {
        this.entities = entities;
        this.replica = replica;
        this.subjects = subjects;
        this.staff = staff;
        this.clock = clock;
    }

    /**
     * Decides about one customer.
     *
     * @param subjectId the customer, or null for someone the entity does not know
     * @throws NotFoundException when the caller may not see the entity or it does not exist
     * @throws ReplicaBehindException when the replica could not catch up in time
     */
    public Decision decide(String entityCode, @Nullable UUID subjectId, Question question) {
        Engine engine = engine(entityCode);
        long now = clock.instant().getEpochSecond();
        return subjectId == null ? engine.decide(question, -1, now) : engine.decide(question, subjectId, now);
    }

    /**
     * Decides about many customers with one view of the replica: every decision sees the same writes.
     *
     * @param asks the questions, each with its customer (or null)
     * @return the decisions, in the order asked
     */
    public Decision[] decideAll(String entityCode, Ask[] asks) {
        Engine engine = engine(entityCode);
        long now = clock.instant().getEpochSecond();
        Decision[] decisions = new Decision[asks.length];
        for (int at = 0; at < asks.length; at++) {
            Ask ask = asks[at];
            UUID subject = ask.subjectId();
            decisions[at] = subject == null
                    ? engine.decide(ask.question(), -1, now)
                    : engine.decide(ask.question(), subject, now);
        }
        return decisions;
    }

    /**
     * One question of a batch.
     *
     * @param subjectId the customer, or null for someone the entity does not know
     */
    public record Ask(@Nullable UUID subjectId, Question question) {}

    /**
     * Every customer the entity holds who may be used as the question says, now. For a list of candidates, decide
     * about each with {@link #decideAll}, which also answers for candidates the entity does not know.
     *
     * @param allowed receives each allowed customer's id, in no particular order
     * @return how many were allowed
     */
    public int audience(String entityCode, Question question, Consumer<UUID> allowed) {
        Engine engine = engine(entityCode);
        RoaringBitmap chosen = engine.audience(question, clock.instant().getEpochSecond());
        chosen.forEach((int ordinal) -> allowed.accept(engine.index().subjectAt(ordinal)));
        return chosen.getCardinality();
    }

    /**
     * The customer an identifier names in the entity, if any. Checks that the caller may see the entity.
     *
     * @throws NotFoundException when the caller may not see the entity
     */
    public Optional<UUID> subjectOf(String entityCode, SubjectIdentifier identifier) {
        staff.requireEntity(entityCode);
        Known key = new Known(entityCode, identifier);
        UUID cached = known.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<UUID> found = subjects.find(entityCode, identifier);
        found.ifPresent(id -> {
            if (known.size() >= MAX_CACHED) {
                known.clear();
            }
            known.put(key, id);
        });
        return found;
    }

    /** The name of an activity of the entity's policy in force, for messages; the key when it is not known. */
    public String activityName(String entityCode, String activityKey) {
        return replica.engine(entityCode, CATCH_UP)
                .map(Engine::policy)
                .map(Policy::activities)
                .map(activities -> activities.get(activityKey))
                .map(Policy.Activity::name)
                .orElse(activityKey);
    }

    private record Known(String entityCode, SubjectIdentifier identifier) {}

    /**
     * The code of the jurisdiction the entity decides under.
     *
     * @throws NotFoundException when the caller may not see the entity or it does not exist
     */
    public String jurisdictionOf(String entityCode) {
        staff.requireEntity(entityCode);
        return entities.find(entityCode)
                .map(GroupEntity::jurisdiction)
                .orElseThrow(() -> new NotFoundException("No entity " + entityCode));
    }

    /** The feed position the server's replica has applied. */
    public long replicaPosition() {
        return replica.position();
    }

    private Engine engine(String entityCode) {
        staff.requireEntity(entityCode);
        return replica.engine(entityCode, CATCH_UP).orElseThrow(() -> new NotFoundException("No entity " + entityCode));
    }
}
