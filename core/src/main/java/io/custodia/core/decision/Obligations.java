package io.custodia.core.decision;

import io.custodia.core.taxonomy.TermKey;
import java.time.Period;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a service must do with data it was allowed to use, as the register says for the activity that allowed it.
 *
 * @param activity the key of the processing activity that allows the use
 * @param retention how long the data may be kept, or null when the register states no period
 * @param mask the data categories to mask before use
 * @param pseudonymise whether the data must be pseudonymised before use
 */
public record Obligations(String activity, @Nullable Period retention, Set<TermKey> mask, boolean pseudonymise) {

    public Obligations {
        mask = Collections.unmodifiableSortedSet(new TreeSet<>(mask));
    }

    /** The retention horizon, absent when the register states none. */
    public Optional<Period> retentionHorizon() {
        return Optional.ofNullable(retention);
    }
}
