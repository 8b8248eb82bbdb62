package io.custodia.core.taxonomy;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of checking terms against a taxonomy: which terms to create, which to update, and which are
 * already there as they are. Produced only when every term passed the rules.
 */
public record TaxonomyPlan(List<Term> created, List<Term> updated, List<Term> unchanged) {
    public TaxonomyPlan {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
    }

    /** The terms to write: created ones then updated ones. */
    public List<Term> changed() {
        List<Term> changed = new ArrayList<>(created);
        changed.addAll(updated);
        return changed;
    }

    public boolean changesNothing() {
        return created.isEmpty() && updated.isEmpty();
    }

    /** How many terms of a kind are created, updated and unchanged. */
    public Counts counts(TermKind kind) {
        return new Counts(count(created, kind), count(updated, kind), count(unchanged, kind));
    }

    private static int count(List<Term> terms, TermKind kind) {
        return (int) terms.stream().filter(term -> term.kind() == kind).count();
    }

    /** Numbers of terms created, updated and unchanged. */
    public record Counts(int created, int updated, int unchanged) {}
}
