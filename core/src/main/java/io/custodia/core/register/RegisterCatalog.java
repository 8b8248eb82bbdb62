package io.custodia.core.register;

import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import java.util.Optional;

/**
 * What an activity of one entity may refer to: that entity's taxonomy, systems, datasets and recipients.
 * Implementations answer from wherever they keep them; {@link RegisterRules} only asks.
 */
public interface RegisterCatalog {

    Optional<Term> purpose(TermKey key);

    Optional<Term> dataCategory(TermKey key);

    Optional<Term> subjectType(TermKey key);

    boolean hasSystem(String key);

    boolean hasDataset(String key);

    Optional<Recipient> recipient(String key);
}
