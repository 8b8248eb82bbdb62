package io.custodia.core.decision;

import io.custodia.core.InvalidInputException;
import io.custodia.core.change.Change;
import io.custodia.core.change.ConsentChanged;
import io.custodia.core.change.PolicyChanged;
import io.custodia.core.change.SubjectFlagsChanged;
import io.custodia.core.decision.CompiledQuestion.Route;
import io.custodia.core.decision.Decision.Deny;
import io.custodia.core.taxonomy.TermKey;
import java.lang.invoke.VarHandle;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.IntConsumer;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * Decides whether personal data may be used, for one entity: its {@link Policy} joined with its {@link ConsentIndex}.
 *
 * <p>Checks run in the order of {@link Reason}; the first that fails gives the reason of the denial. When several
 * activities declare the purpose, the use is allowed when one of them allows it, and otherwise denied with the
 * reason of the activity that got furthest through the checks, which is the most specific explanation.
 *
 * <p>Thread-safety: decisions and audiences may run on any number of threads while one thread (a feed consumer)
 * applies changes and swaps policies. Decisions take no lock and allocate nothing once their question is compiled;
 * the policy is read through a volatile field, so a decision uses the policy before a swap or the one after, never a
 * mix; see {@link ConsentIndex} for how a customer's state is read consistently.
 */
public final class Engine {
    private static final Deny STALE =
            new Deny(Reason.STALE_REPLICA, "This replica has not heard from the server within its staleness bound.");

    private final ConsentIndex index;
    private volatile Policy policy;

    private Engine(Policy policy, ConsentIndex index) {
        this.policy = policy;
        this.index = index;
    }

    /** An engine with a fresh, empty consent index. */
    public static Engine of(Policy policy) {
        return new Engine(policy, ConsentIndex.create());
    }

    /** An engine over an existing consent index, such as one filled from a snapshot. */
    public static Engine of(Policy policy, ConsentIndex index) {
        return new Engine(policy, index);
    }

    /** The policy in force. */
    public Policy policy() {
        return policy;
    }

    /** The consent index. */
    public ConsentIndex index() {
        return index;
    }

    /** The denial a replica gives when it cannot prove it is fresh. */
    public static Decision.Deny staleReplica() {
        return STALE;
    }

    /**
     * Applies a change from the feed. Changes of other entities are ignored. A {@link PolicyChanged} puts its policy
     * in force as {@link #swap} does.
     *
     * @return whether the change was applied
     * @throws InvalidInputException when the change carries a status this replica does not know, or a policy that is
     *     not valid; the replica is then behind the feed and should fail closed
     */
    public boolean apply(Change change) {
        if (!change.entityCode().equals(policy.entityCode())) {
            return false;
        }
        if (change instanceof ConsentChanged consent) {
            index.apply(consent);
        } else if (change instanceof SubjectFlagsChanged flags) {
            index.apply(flags);
        } else if (change instanceof PolicyChanged policyChanged) {
            swap(policyChanged.policy().toPolicy());
        } else {
            throw new IllegalStateException("a change this engine cannot apply: " + change.type());
        }
        return true;
    }

    /**
     * Puts a new policy in force. Grants of purposes whose notice changed materially since the previous policy are
     * marked as needing renewal, as the fold marks them (see {@code docs/decisions.md}).
     *
     * @throws InvalidInputException when the policy is another entity's
     */
    public synchronized void swap(Policy next) {
        Policy previous = policy;
        if (!next.entityCode().equals(previous.entityCode())) {
            throw InvalidInputException.of(
                    "policy", "this engine decides for " + previous.entityCode() + ", not " + next.entityCode());
        }
        for (TermKey purpose : next.materiallyChangedSince(previous)) {
            index.requireReconsent(purpose);
        }
        policy = next;
    }

    /**
     * Decides about the customer with an ordinal in the index.
     *
     * @param subject the customer's ordinal ({@link ConsentIndex#ordinalOf}); one the index does not hold is a
     *     customer with no consent and no flags
     * @param nowEpochSecond the time of the use, in seconds since the epoch
     */
    public Decision decide(Question question, int subject, long nowEpochSecond) {
        CompiledQuestion compiled = question.compiledFor(policy, index);
        return decide(compiled, subject, nowEpochSecond);
    }

    /** Decides about a customer by id; allocates nothing. */
    public Decision decide(Question question, UUID subject, long nowEpochSecond) {
        CompiledQuestion compiled = question.compiledFor(policy, index);
        if (compiled.routes.length == 0) {
            return denial(compiled);
        }
        int ordinal = index.find(subject.getMostSignificantBits(), subject.getLeastSignificantBits());
        return decide(compiled, ordinal, nowEpochSecond);
    }

    /**
     * Decides about many customers at once.
     *
     * @param subjects ordinals
     * @param decisions where the decisions go, one per ordinal, at the same positions
     */
    public void decide(Question question, int[] subjects, long nowEpochSecond, Decision[] decisions) {
        if (decisions.length < subjects.length) {
            throw InvalidInputException.of(
                    "decisions", "room for " + subjects.length + " decisions is needed, got " + decisions.length);
        }
        CompiledQuestion compiled = question.compiledFor(policy, index);
        for (int at = 0; at < subjects.length; at++) {
            decisions[at] = decide(compiled, subjects[at], nowEpochSecond);
        }
    }

    /**
     * The customers among all the index holds who may be used as the question says, now.
     *
     * @return their ordinals
     */
    public RoaringBitmap audience(Question question, long nowEpochSecond) {
        return audience(question, null, nowEpochSecond);
    }

    /**
     * The customers among {@code subjects} (ordinals) who may be used as the question says, now.
     *
     * @return their ordinals
     */
    public RoaringBitmap audience(Question question, @Nullable RoaringBitmap subjects, long nowEpochSecond) {
        CompiledQuestion compiled = question.compiledFor(policy, index);
        RoaringBitmap allowed = new RoaringBitmap();
        for (Route route : compiled.routes) {
            // Candidates come in ascending order, which the writer appends without searching; constant memory means
            // one 8 KB buffer per 65,536 customers, turned into the smallest container when full.
            RoaringBitmapWriter<RoaringBitmap> kept =
                    RoaringBitmapWriter.writer().constantMemory().get();
            IntConsumer keepAllowed = subject -> {
                if (decide(compiled, route, subject, nowEpochSecond).allowed()) {
                    kept.add(subject);
                }
            };
            if (route.requiresGrant()) {
                RoaringBitmap granted = index.grantedCopy(compiled.slot);
                if (subjects != null) {
                    granted.and(subjects);
                }
                granted.forEach(keepAllowed);
            } else if (subjects != null) {
                subjects.forEach(keepAllowed);
            } else {
                int size = index.size();
                for (int subject = 0; subject < size; subject++) {
                    keepAllowed.accept(subject);
                }
            }
            RoaringBitmap routeAllowed = kept.get();
            if (compiled.routes.length == 1) {
                return routeAllowed;
            }
            allowed.or(routeAllowed);
        }
        return allowed;
    }

    private Decision decide(CompiledQuestion compiled, int subject, long now) {
        Route[] routes = compiled.routes;
        if (routes.length == 1) {
            return decide(compiled, routes[0], subject, now);
        }
        Decision best = compiled.policyDenial;
        for (Route route : routes) {
            Decision decision = decide(compiled, route, subject, now);
            if (decision.allowed()) {
                return decision;
            }
            if (best == null || rank(decision) > rank(best)) {
                best = decision;
            }
        }
        return best == null ? denial(compiled) : best;
    }

    private Decision decide(CompiledQuestion compiled, Route route, int subject, long now) {
        if (subject < 0 || subject >= index.size()) {
            return route.check(index, index.storage(), -1, 0, 0, now);
        }
        while (true) {
            ConsentIndex.Storage storage = index.storage();
            long first = ConsentIndex.firstWord(storage, subject);
            if ((first & ConsentIndex.WRITING) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long word = compiled.wordIndex == 0 ? first : ConsentIndex.word(storage, subject, compiled.wordIndex);
            Decision decision = route.check(index, storage, subject, first, word, now);
            VarHandle.loadLoadFence();
            if (ConsentIndex.firstWord(storage, subject) == first) {
                return decision;
            }
        }
    }

    private static Decision denial(CompiledQuestion compiled) {
        Deny denial = compiled.policyDenial;
        if (denial == null) {
            throw new IllegalStateException("a question with no route has a policy denial");
        }
        return denial;
    }

    private static int rank(Decision decision) {
        return decision instanceof Deny deny ? deny.reason().ordinal() : Integer.MAX_VALUE;
    }
}
