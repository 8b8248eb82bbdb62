package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules a taxonomy keeps, checked when terms are added from a file or a form.
 *
 * <ul>
 *   <li>A key appears once per kind in a file, and a dotted key's parent exists: in the taxonomy, or earlier in
 *       depth within the same file.
 *   <li>The group taxonomy is shared: an entity extends it under existing parents (subject types, which are
 *       flat, excepted) and cannot redefine a group term; the group cannot take over a key that an entity has
 *       already added.
 *   <li>Only data categories are special categories, and a category under a special one is special too.
 *   <li>Every term maps to a DPV IRI; one that names none takes its nearest parent's, else the generic concept
 *       of its kind.
 * </ul>
 */
public final class TaxonomyRules {
    private static final Pattern DPV_IRI =
            Pattern.compile("^https://w3id\\.org/dpv(/[A-Za-z0-9._-]+)*#[A-Za-z0-9][A-Za-z0-9._-]*$");

    private TaxonomyRules() {}

    /** Whether the text is an https IRI in the W3C Data Privacy Vocabulary, e.g. {@code https://w3id.org/dpv#Marketing}. */
    public static boolean isDpvIri(String text) {
        return text.length() <= 500 && DPV_IRI.matcher(text).matches();
    }

    /**
     * Checks parsed terms against the stored taxonomy and sorts them into created, updated and unchanged.
     *
     * @param stored every stored term, of every entity
     * @param parsed the terms read, with the errors met while reading them
     * @param entityCode the entity whose extension receives the terms, null for the group taxonomy
     * @throws InvalidInputException listing every reading error and every broken rule, when there is any
     */
    public static TaxonomyPlan plan(Collection<Term> stored, ParsedTaxonomy parsed, @Nullable String entityCode) {
        Map<Ref, Term> visible = new HashMap<>();
        Map<Ref, String> otherEntities = new HashMap<>();
        for (Term term : stored) {
            Ref ref = new Ref(term.kind(), term.key());
            if (term.groupWide() || Objects.equals(term.entityCode(), entityCode)) {
                visible.put(ref, term);
            } else {
                otherEntities.merge(ref, Objects.requireNonNull(term.entityCode()), (a, b) -> a + ", " + b);
            }
        }
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        Map<Ref, TermDraft> firstSeen = new LinkedHashMap<>();
        List<TermDraft> drafts = new ArrayList<>();
        for (TermDraft draft : parsed.drafts()) {
            TermDraft earlier = firstSeen.putIfAbsent(new Ref(draft.kind(), draft.key()), draft);
            if (earlier == null) {
                drafts.add(draft);
            } else {
                errors.add(new FieldError(
                        draft.field(draft.keyField()),
                        "'" + draft.key() + "' appears twice"
                                + (earlier.source().isEmpty() ? "" : "; it is also at " + earlier.source())));
            }
        }
        // Parents first, so that a new term can rely on a new parent given later in the same file.
        drafts.sort(Comparator.comparingInt(draft -> draft.key().depth()));

        Map<Ref, Term> resolved = new HashMap<>();
        List<Term> created = new ArrayList<>();
        List<Term> updated = new ArrayList<>();
        List<Term> unchanged = new ArrayList<>();
        for (TermDraft draft : drafts) {
            Ref ref = new Ref(draft.kind(), draft.key());
            String keyField = draft.field(draft.keyField());
            Term existing = visible.get(ref);
            Term parent = null;
            TermKey parentKey = draft.key().parent().orElse(null);
            if (parentKey != null) {
                Ref parentRef = new Ref(draft.kind(), parentKey);
                parent = resolved.containsKey(parentRef) ? resolved.get(parentRef) : visible.get(parentRef);
                if (parent == null) {
                    boolean parentInFile = firstSeen.containsKey(parentRef);
                    errors.add(new FieldError(
                            keyField,
                            parentInFile
                                    ? "its parent " + parentKey + " is invalid in this file"
                                    : "its parent " + parentKey + " is not in the taxonomy; add the parent first"));
                    continue;
                }
            }
            Term term = merge(draft, existing, parent, entityCode);
            if (term.special() && draft.kind() != TermKind.DATA_CATEGORY) {
                errors.add(new FieldError(draft.field("special"), "only data categories can be special categories"));
                continue;
            }
            if (parent != null && parent.special() && !term.special()) {
                errors.add(new FieldError(
                        draft.field("special"),
                        "must be true: its parent " + parent.key() + " is a special category (GDPR Art. 9)"));
                continue;
            }
            if (existing != null) {
                if (existing.groupWide() && entityCode != null && !existing.sameDefinitionAs(term)) {
                    errors.add(new FieldError(
                            keyField,
                            "'" + draft.key() + "' is a group term; an entity cannot redefine it, only add terms"
                                    + " under it"));
                    continue;
                }
                if (existing.sameDefinitionAs(term)) {
                    unchanged.add(existing);
                    resolved.put(ref, existing);
                } else {
                    updated.add(term);
                    resolved.put(ref, term);
                }
                continue;
            }
            if (entityCode == null && otherEntities.containsKey(ref)) {
                errors.add(new FieldError(
                        keyField,
                        "'" + draft.key() + "' is already an extension of entity " + otherEntities.get(ref)
                                + "; choose another key"));
                continue;
            }
            if (entityCode != null && parentKey == null && draft.kind() != TermKind.SUBJECT_TYPE) {
                errors.add(new FieldError(
                        keyField,
                        "an entity adds terms under an existing parent, such as " + exampleParent(draft.kind())
                                + ".…; top-level terms belong to the group taxonomy"));
                continue;
            }
            created.add(term);
            resolved.put(ref, term);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(
                    errors.size() == 1 ? "A term is invalid" : errors.size() + " problems in the terms", errors);
        }
        return new TaxonomyPlan(created, updated, unchanged);
    }

    private static Term merge(
            TermDraft draft, @Nullable Term existing, @Nullable Term parent, @Nullable String entityCode) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        if (draft.mergeTexts() && existing != null) {
            names.putAll(existing.names());
            descriptions.putAll(existing.descriptions());
        }
        names.putAll(draft.names());
        descriptions.putAll(draft.descriptions());
        names.putIfAbsent("en", TermFields.nameFromKey(draft.key()));
        String dpv = draft.dpv();
        if (dpv == null) {
            dpv = existing != null
                    ? existing.dpv()
                    : parent != null ? parent.dpv() : draft.kind().genericDpv();
        }
        Boolean special = draft.special();
        if (special == null) {
            special = existing != null ? existing.special() : parent != null && parent.special();
        }
        String owner = existing != null ? existing.entityCode() : entityCode;
        return new Term(draft.kind(), draft.key(), names, descriptions, dpv, special, owner);
    }

    private static String exampleParent(TermKind kind) {
        return kind == TermKind.PURPOSE ? "marketing" : "user.contact";
    }

    private record Ref(TermKind kind, TermKey key) {}
}
