package io.custodia.core.decision;

import io.custodia.core.taxonomy.TermKey;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a service asks before using personal data, without the customer: a purpose, the data categories it will use
 * and the recipient it will send them to. Made once and asked about many customers.
 *
 * <p>The engine compiles a question against its policy the first time it is asked, and again after each policy swap;
 * asking it then costs no allocation. Immutable apart from that cache, and thread-safe.
 */
public final class Question {
    private final TermKey purpose;
    private final Set<TermKey> categories;
    private final @Nullable String recipient;
    private final boolean gpc;

    private volatile @Nullable CompiledQuestion compiled;

    private Question(TermKey purpose, Set<TermKey> categories, @Nullable String recipient, boolean gpc) {
        this.purpose = purpose;
        this.categories = Collections.unmodifiableSortedSet(new TreeSet<>(categories));
        this.recipient = recipient;
        this.gpc = gpc;
    }

    /** A use of every data category the purpose's activity declares, kept by the company. */
    public static Question of(TermKey purpose) {
        return new Question(purpose, Set.of(), null, false);
    }

    /** A use of some data categories, kept by the company. */
    public static Question of(TermKey purpose, Set<TermKey> categories) {
        return new Question(purpose, categories, null, false);
    }

    /**
     * A use of some data categories, sent to a recipient.
     *
     * @param recipient the recipient's key, or null when the data stays with the company
     */
    public static Question of(TermKey purpose, Set<TermKey> categories, @Nullable String recipient) {
        return new Question(purpose, categories, recipient, false);
    }

    /**
     * The same use, asked on behalf of a browser that sends (or does not send) a Global Privacy Control signal. The
     * jurisdiction decides what the signal means ({@link io.custodia.core.jurisdiction.GpcPolicy}).
     */
    public Question withGpc(boolean signal) {
        return new Question(purpose, categories, recipient, signal);
    }

    /** The purpose. */
    public TermKey purpose() {
        return purpose;
    }

    /** The data categories used; empty for every category the activity declares. */
    public Set<TermKey> categories() {
        return categories;
    }

    /** The recipient's key, or null when the data stays with the company. */
    public @Nullable String recipient() {
        return recipient;
    }

    /** Whether the request carries a Global Privacy Control signal. */
    public boolean gpc() {
        return gpc;
    }

    /** This question compiled against the policy, compiled again when the policy is another one. */
    CompiledQuestion compiledFor(Policy policy, ConsentIndex index) {
        CompiledQuestion current = compiled;
        if (current != null && current.policy == policy && current.index == index) {
            return current;
        }
        CompiledQuestion fresh = CompiledQuestion.compile(this, policy, index);
        compiled = fresh;
        return fresh;
    }

    @Override
    public String toString() {
        return "Question[purpose=" + purpose + ", categories=" + categories + ", recipient=" + recipient + ", gpc="
                + gpc + "]";
    }
}
