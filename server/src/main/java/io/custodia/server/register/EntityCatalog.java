package io.custodia.server.register;

import io.custodia.core.register.Recipient;
import io.custodia.core.register.RegisterCatalog;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.taxonomy.Taxonomy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one entity's activities may refer to, read once: its taxonomy (through the taxonomy feature) and its
 * systems, datasets and recipients as stored when it was made. Make a new one after changing the catalog.
 */
final class EntityCatalog implements RegisterCatalog {
    private final String entityCode;
    private final Taxonomy taxonomy;
    private final Set<String> systems;
    private final Set<String> datasets;
    private final Map<String, Recipient> recipients;

    EntityCatalog(String entityCode, Taxonomy taxonomy, StoredCatalog stored) {
        this.entityCode = entityCode;
        this.taxonomy = taxonomy;
        List<String> entity = List.of(entityCode);
        this.systems = stored.systems(entity).stream().map(SystemEntry::key).collect(Collectors.toSet());
        this.datasets = stored.datasets(entity).stream().map(DatasetEntry::key).collect(Collectors.toSet());
        this.recipients =
                stored.recipientsOf(entityCode).stream().collect(Collectors.toMap(Recipient::key, Function.identity()));
    }

    @Override
    public Optional<Term> purpose(TermKey key) {
        return taxonomy.find(TermKind.PURPOSE, entityCode, key);
    }

    @Override
    public Optional<Term> dataCategory(TermKey key) {
        return taxonomy.find(TermKind.DATA_CATEGORY, entityCode, key);
    }

    @Override
    public Optional<Term> subjectType(TermKey key) {
        return taxonomy.find(TermKind.SUBJECT_TYPE, entityCode, key);
    }

    @Override
    public boolean hasSystem(String key) {
        return systems.contains(key);
    }

    @Override
    public boolean hasDataset(String key) {
        return datasets.contains(key);
    }

    @Override
    public Optional<Recipient> recipient(String key) {
        return Optional.ofNullable(recipients.get(key));
    }
}
