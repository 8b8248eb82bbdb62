package io.custodia.core.consent;

import io.custodia.core.register.CatalogKey;
import io.custodia.core.taxonomy.TermKey;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The part of a purpose that a consent event speaks about, or that a use of data touches: some data categories and
 * a recipient.
 *
 * <p>Naming no data category means every category of the purpose. Naming no recipient means, for an event, that the
 * choice does not depend on the recipient, and for a use, that the data stays with the company. How an event's scope
 * decides whether it applies to a use is explained in {@link ConsentFold}.
 *
 * @param dataCategories the data categories named, each covering the categories under it ({@code user.location}
 *     covers {@code user.location.precise}); empty for every category of the purpose
 * @param recipient the recipient named (its key in the register), or null when none is named
 */
public record ConsentScope(
        Set<TermKey> dataCategories, @Nullable CatalogKey recipient) {

    /** The whole purpose: every data category, kept by the company. */
    public static final ConsentScope WHOLE_PURPOSE = new ConsentScope(Set.of(), null);

    public ConsentScope {
        // Sorted so that equal scopes print alike in receipts, logs and test failures.
        dataCategories = Collections.unmodifiableSortedSet(new TreeSet<>(dataCategories));
    }

    /** Some data categories of the purpose, kept by the company. */
    public static ConsentScope of(Set<TermKey> dataCategories) {
        return new ConsentScope(dataCategories, null);
    }

    /** Some data categories of the purpose (empty for all of them), sent to one recipient. */
    public static ConsentScope of(Set<TermKey> dataCategories, CatalogKey recipient) {
        return new ConsentScope(dataCategories, recipient);
    }

    /** Whether this scope names neither data categories nor a recipient. */
    public boolean isWholePurpose() {
        return dataCategories.isEmpty() && recipient == null;
    }

    /**
     * Whether a grant with this scope covers all of {@code use}: it names no recipient or the use's recipient, and
     * every category the use touches lies within a category it names.
     */
    boolean covers(ConsentScope use) {
        if (!speaksFor(use)) {
            return false;
        }
        if (dataCategories.isEmpty()) {
            return true;
        }
        return !use.dataCategories.isEmpty()
                && use.dataCategories.stream()
                        .allMatch(used -> dataCategories.stream().anyMatch(used::isWithin));
    }

    /**
     * Whether a denial with this scope touches any part of {@code use}: it names no recipient or the use's recipient,
     * and some category the use touches lies within, or contains, a category it names.
     */
    boolean touches(ConsentScope use) {
        if (!speaksFor(use)) {
            return false;
        }
        if (dataCategories.isEmpty() || use.dataCategories.isEmpty()) {
            return true;
        }
        return use.dataCategories.stream().anyMatch(used -> dataCategories.stream()
                .anyMatch(named -> used.isWithin(named) || named.isWithin(used)));
    }

    private boolean speaksFor(ConsentScope use) {
        return recipient == null || recipient.equals(use.recipient);
    }
}
