package io.custodia.server.taxonomy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.taxonomy.DefaultTaxonomy;
import io.custodia.core.taxonomy.FideslangFiles;
import io.custodia.core.taxonomy.LegalBasisTerm;
import io.custodia.core.taxonomy.ParsedTaxonomy;
import io.custodia.core.taxonomy.TaxonomyFiles;
import io.custodia.core.taxonomy.TaxonomyPlan;
import io.custodia.core.taxonomy.TaxonomyRules;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.audit.AuditTrail;
import io.custodia.server.entities.Entities;
import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Staff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The taxonomy feature's facade: the purposes, data categories, subject types and legal bases that the register,
 * consents and decisions speak of.
 *
 * <p>Reads take an entity code and answer the group's terms plus that entity's own; they check no permission,
 * so callers that serve a person check the entity is in that person's scope first. Writes check the current
 * staff member's scope (an entity's extension needs that entity, a group term needs the whole group), are
 * recorded in the audit trail in the same transaction, publish {@link TaxonomyChanged}, and are all-or-nothing:
 * one bad term and nothing is stored.
 */
@Service
public class Taxonomy {
    private final TaxonomyStore store;
    private final Staff staff;
    private final Entities entities;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final DefaultTaxonomy defaults = TaxonomyFiles.defaultTaxonomy();

    Taxonomy(TaxonomyStore store, Staff staff, Entities entities, AuditTrail audit, ApplicationEventPublisher events) {
        this.store = store;
        this.staff = staff;
        this.entities = entities;
        this.audit = audit;
        this.events = events;
    }

    /** The group's purposes and, when an entity is given, that entity's own, sorted by key. */
    public List<Term> purposes(@Nullable String entityCode) {
        return terms(TermKind.PURPOSE, entityCode);
    }

    /** The group's data categories and, when an entity is given, that entity's own, sorted by key. */
    public List<Term> dataCategories(@Nullable String entityCode) {
        return terms(TermKind.DATA_CATEGORY, entityCode);
    }

    /** The group's subject types and, when an entity is given, that entity's own, sorted by key. */
    public List<Term> subjectTypes(@Nullable String entityCode) {
        return terms(TermKind.SUBJECT_TYPE, entityCode);
    }

    /** The group's terms of a kind and, when an entity is given, that entity's own, sorted by key. */
    @Transactional(readOnly = true)
    public List<Term> terms(TermKind kind, @Nullable String entityCode) {
        return store.visible(kind, entityCode);
    }

    /** A group term, or a term of the entity's extension. */
    public Optional<Term> find(TermKind kind, @Nullable String entityCode, TermKey key) {
        return terms(kind, entityCode).stream()
                .filter(term -> term.key().equals(key))
                .findFirst();
    }

    /** The six legal bases of GDPR Art. 6(1) with their names and descriptions, in the order of the article. */
    public List<LegalBasisTerm> legalBases() {
        return defaults.legalBases();
    }

    /**
     * Adds one term to the group taxonomy or to an entity's extension.
     *
     * @throws InvalidInputException listing every bad field, including a key that exists already
     * @throws NotFoundException when the entity does not exist or is outside the member's scope
     * @throws AccessDeniedException when a member scoped to some entities adds a group term
     */
    @Transactional
    public Term extend(TermProposal proposal) {
        String entityCode = blankToNull(proposal.entity());
        requireWritable(entityCode);
        List<FieldError> errors = new ArrayList<>();
        TermKind kind;
        try {
            kind = TermKind.of("kind", proposal.kind());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            kind = TermKind.PURPOSE;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", proposal.key().strip());
        fields.put("names", proposal.names());
        fields.put("descriptions", proposal.descriptions());
        if (blankToNull(proposal.dpv()) != null) {
            fields.put("dpv", proposal.dpv());
        }
        fields.put("special", proposal.special());
        ParsedTaxonomy parsed = TaxonomyFiles.readTerm(kind, fields);
        errors.addAll(parsed.errors());
        store.lock();
        if (errors.isEmpty()) {
            TermKey key = parsed.drafts().get(0).key();
            TermKind parsedKind = kind;
            boolean taken = store.all().stream()
                    .anyMatch(term -> term.kind() == parsedKind
                            && term.key().equals(key)
                            && (term.groupWide() || Objects.equals(term.entityCode(), entityCode)));
            if (taken) {
                errors.add(new FieldError("key", "'" + key + "' exists already"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(
                    errors.size() == 1 ? "The term is invalid" : errors.size() + " problems in the term", errors);
        }
        TaxonomyPlan plan = TaxonomyRules.plan(store.all(), parsed, entityCode);
        apply(plan, entityCode);
        return plan.created().get(0);
    }

    /**
     * Imports a Custodia taxonomy file into the group taxonomy or an entity's extension.
     *
     * @throws InvalidInputException listing every bad term; nothing is stored then
     */
    @Transactional
    public ImportSummary importCustodia(String yaml, @Nullable String entityCode) {
        return importParsed(entityCode, code -> TaxonomyFiles.readCustodia(yaml, code));
    }

    /**
     * Imports the data categories, data uses and data subjects of a fideslang file into the group taxonomy or an
     * entity's extension.
     *
     * @throws InvalidInputException listing every bad item, e.g. on {@code data_category[3].fides_key}; nothing is
     *     stored then
     */
    @Transactional
    public ImportSummary importFideslang(String yaml, @Nullable String entityCode) {
        return importParsed(entityCode, code -> FideslangFiles.read(yaml));
    }

    /**
     * The group taxonomy, or an entity's extension, as a Custodia taxonomy file that imports back to the same
     * terms.
     *
     * @throws NotFoundException when the entity does not exist or is outside the member's scope
     */
    @Transactional(readOnly = true)
    public String export(@Nullable String entityCode) {
        if (entityCode != null) {
            entities.visible(entityCode);
        }
        return TaxonomyFiles.writeCustodia(store.owned(entityCode));
    }

    /** Seeds the default taxonomy into an empty store; does nothing when any term exists. */
    @Transactional
    boolean seedDefaults() {
        store.lock();
        if (!store.isEmpty()) {
            return false;
        }
        defaults.terms().forEach(store::insert);
        audit.record(
                staff.actor(),
                "taxonomy.seeded",
                "taxonomy",
                "default",
                null,
                Map.of("terms", defaults.terms().size(), "format", TaxonomyFiles.FORMAT));
        events.publishEvent(new TaxonomyChanged(null));
        return true;
    }

    private ImportSummary importParsed(@Nullable String entityCode, Function<@Nullable String, ParsedTaxonomy> reader) {
        String code = blankToNull(entityCode);
        requireWritable(code);
        ParsedTaxonomy parsed = reader.apply(code);
        store.lock();
        TaxonomyPlan plan = TaxonomyRules.plan(store.all(), parsed, code);
        apply(plan, code);
        return ImportSummary.of(plan);
    }

    private void apply(TaxonomyPlan plan, @Nullable String entityCode) {
        String actor = staff.actor();
        for (Term term : plan.created()) {
            store.insert(term);
            audit.record(actor, "taxonomy.term.created", "taxonomy_term", objectId(term), term.entityCode(), term);
        }
        for (Term term : plan.updated()) {
            store.update(term);
            audit.record(actor, "taxonomy.term.updated", "taxonomy_term", objectId(term), term.entityCode(), term);
        }
        if (!plan.changesNothing()) {
            events.publishEvent(new TaxonomyChanged(entityCode));
        }
    }

    private void requireWritable(@Nullable String entityCode) {
        if (entityCode != null) {
            entities.visible(entityCode);
        } else if (!(staff.scope() instanceof EntityScope.All)) {
            throw new AccessDeniedException("Only staff scoped to the whole group change the group taxonomy");
        }
    }

    private static String objectId(Term term) {
        return term.kind().key() + ":" + term.key();
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
