package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The Custodia taxonomy file format, and the default taxonomy shipped in it.
 *
 * <p>A file is YAML with up to three lists, {@code purposes}, {@code data_categories} and {@code subject_types};
 * each term has a {@code key}, {@code names} and {@code descriptions} per language tag, a {@code dpv} IRI, and
 * for data categories a {@code special} flag. An optional {@code format: custodia-taxonomy/1} line names the
 * format. A {@code legal_bases} list gives the words for the six legal bases; it is read from the default
 * taxonomy only, since the bases themselves are fixed by law.
 *
 * <pre>{@code
 * format: custodia-taxonomy/1
 * data_categories:
 *   - key: user.contact.email
 *     names: {en: Email address, fr: Adresse e-mail}
 *     dpv: https://w3id.org/dpv/pd#EmailAddress
 * }</pre>
 *
 * <p>Reading never throws for a bad term: it returns every term it could read and one error per bad field, so
 * that a person can fix a whole file at once. {@link TaxonomyRules#plan} then checks the terms against the
 * taxonomy they would join.
 */
public final class TaxonomyFiles {
    /** The value of the {@code format} line of the files this version reads and writes. */
    public static final String FORMAT = "custodia-taxonomy/1";

    private static final String DEFAULT_RESOURCE = "default-taxonomy.yaml";
    private static final Set<String> TERM_FIELDS = Set.of("key", "names", "descriptions", "dpv", "special", "entity");
    private static final Set<String> LEGAL_BASIS_FIELDS = Set.of("key", "names", "descriptions");

    private TaxonomyFiles() {}

    /**
     * The default taxonomy for a telecom group, read from this jar.
     *
     * @throws IllegalStateException if the shipped file breaks a rule (a build that passes its tests never does)
     */
    public static DefaultTaxonomy defaultTaxonomy() {
        String yaml;
        try (InputStream in = TaxonomyFiles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The default taxonomy is missing from the classpath");
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the default taxonomy", e);
        }
        List<FieldError> errors = new ArrayList<>();
        List<LegalBasisTerm> legalBases = new ArrayList<>();
        ParsedTaxonomy parsed = read(yaml, null, legalBases, errors);
        try {
            if (!errors.isEmpty()) {
                throw new InvalidInputException("The default taxonomy has invalid legal bases", errors);
            }
            TaxonomyPlan plan = TaxonomyRules.plan(List.of(), parsed, null);
            return new DefaultTaxonomy(plan.created(), legalBases);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("The default taxonomy is invalid: "
                    + e.errors().stream()
                            .map(error -> error.field() + " " + error.message())
                            .collect(Collectors.joining("; ")));
        }
    }

    /**
     * Reads a Custodia taxonomy file.
     *
     * @param entityCode the entity whose extension the file is imported as, null for the group; a term that
     *     names another entity in its {@code entity} field is an error
     */
    public static ParsedTaxonomy readCustodia(String yaml, @Nullable String entityCode) {
        List<FieldError> errors = new ArrayList<>();
        ParsedTaxonomy parsed = read(yaml, entityCode, null, errors);
        List<FieldError> all = new ArrayList<>(errors);
        all.addAll(parsed.errors());
        return new ParsedTaxonomy(parsed.drafts(), all);
    }

    /**
     * Reads one term from a form or a JSON body with the same fields as a file entry ({@code key}, {@code names},
     * {@code descriptions}, {@code dpv}, {@code special}); error fields carry no prefix, e.g. {@code names.en}.
     */
    public static ParsedTaxonomy readTerm(TermKind kind, Map<String, ?> fields) {
        List<FieldError> errors = new ArrayList<>();
        TermDraft draft = readEntry("", kind, fields, null, errors);
        return new ParsedTaxonomy(draft == null ? List.of() : List.of(draft), errors);
    }

    /**
     * Writes terms as a Custodia taxonomy file, each kind sorted by key. Group terms carry no {@code entity}
     * field; an entity's terms carry its code.
     */
    public static String writeCustodia(List<Term> terms) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        for (TermKind kind : TermKind.values()) {
            List<Map<String, Object>> entries = terms.stream()
                    .filter(term -> term.kind() == kind)
                    .sorted(Comparator.comparing(Term::key))
                    .map(TaxonomyFiles::entry)
                    .toList();
            if (!entries.isEmpty()) {
                document.put(kind.section(), entries);
            }
        }
        return "# Custodia taxonomy: purposes, data categories and subject types, each mapped to a W3C DPV IRI.\n"
                + TaxonomyYaml.write(document);
    }

    private static Map<String, Object> entry(Term term) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", term.key().value());
        entry.put("names", new TreeMap<>(term.names()));
        if (!term.descriptions().isEmpty()) {
            entry.put("descriptions", new TreeMap<>(term.descriptions()));
        }
        entry.put("dpv", term.dpv());
        if (term.special()) {
            entry.put("special", true);
        }
        if (term.entityCode() != null) {
            entry.put("entity", term.entityCode());
        }
        return entry;
    }

    private static ParsedTaxonomy read(
            String yaml,
            @Nullable String entityCode,
            @Nullable List<LegalBasisTerm> legalBases,
            List<FieldError> errors) {
        Object root = TaxonomyYaml.read(yaml);
        if (!(root instanceof Map<?, ?> document)) {
            errors.add(
                    new FieldError("body", "must be a YAML mapping with purposes, data_categories or subject_types"));
            return new ParsedTaxonomy(List.of(), List.of());
        }
        List<TermDraft> drafts = new ArrayList<>();
        for (Map.Entry<?, ?> section : document.entrySet()) {
            String name = String.valueOf(section.getKey());
            switch (name) {
                case "format" -> {
                    if (!FORMAT.equals(section.getValue())) {
                        errors.add(new FieldError("format", "must be " + FORMAT));
                    }
                }
                case "purposes" -> readSection(name, TermKind.PURPOSE, section.getValue(), entityCode, drafts, errors);
                case "data_categories" ->
                    readSection(name, TermKind.DATA_CATEGORY, section.getValue(), entityCode, drafts, errors);
                case "subject_types" ->
                    readSection(name, TermKind.SUBJECT_TYPE, section.getValue(), entityCode, drafts, errors);
                case "legal_bases" -> {
                    // Fixed by law: only the default taxonomy gives their words; an import leaves them alone.
                    if (legalBases != null) {
                        readLegalBases(section.getValue(), legalBases, errors);
                    }
                }
                default ->
                    errors.add(new FieldError(
                            name,
                            name.startsWith("data_") || name.startsWith("fides")
                                    ? "is not a section of a Custodia taxonomy file; import fideslang with format=fideslang"
                                    : "is not a section of a Custodia taxonomy file; use purposes, data_categories or"
                                            + " subject_types"));
            }
        }
        return new ParsedTaxonomy(drafts, List.of());
    }

    private static void readSection(
            String name,
            TermKind kind,
            @Nullable Object value,
            @Nullable String entityCode,
            List<TermDraft> drafts,
            List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError(name, "must be a list of terms"));
            return;
        }
        for (int index = 0; index < list.size(); index++) {
            String source = name + "[" + index + "]";
            if (!(list.get(index) instanceof Map<?, ?> fields)) {
                errors.add(new FieldError(source, "must be a term with key, names and dpv"));
                continue;
            }
            TermDraft draft = readEntry(source, kind, fields, entityCode, errors);
            if (draft != null) {
                drafts.add(draft);
            }
        }
    }

    private static @Nullable TermDraft readEntry(
            String source, TermKind kind, Map<?, ?> fields, @Nullable String entityCode, List<FieldError> errors) {
        int before = errors.size();
        String prefix = source.isEmpty() ? "" : source + ".";
        for (Object field : fields.keySet()) {
            if (!TERM_FIELDS.contains(String.valueOf(field))) {
                errors.add(new FieldError(
                        prefix + field,
                        "fides_key".equals(field)
                                ? "is not a field of a Custodia taxonomy term; import fideslang with format=fideslang"
                                : "is not a field of a taxonomy term"));
            }
        }
        TermKey key = TermFields.key(fields.get("key"), prefix + "key", errors);
        Map<String, String> names =
                TermFields.texts(fields.get("names"), prefix + "names", TermFields.MAX_NAME, true, errors);
        Map<String, String> descriptions = TermFields.texts(
                fields.get("descriptions"), prefix + "descriptions", TermFields.MAX_DESCRIPTION, false, errors);
        String dpv = TermFields.dpv(fields.get("dpv"), prefix + "dpv", errors);
        Boolean special = TermFields.flag(fields.get("special"), prefix + "special", errors);
        Object entity = fields.get("entity");
        if (entity != null && !entity.equals(entityCode)) {
            errors.add(new FieldError(
                    prefix + "entity",
                    entityCode == null
                            ? "belongs to entity " + TermFields.abbreviate(String.valueOf(entity))
                                    + "; import it as that entity's extension"
                            : "must be " + entityCode + ", the entity this file is imported for"));
        }
        if (errors.size() > before || key == null) {
            return null;
        }
        return new TermDraft(
                source, "key", kind, key, names, descriptions, dpv, special == null ? Boolean.FALSE : special, false);
    }

    private static void readLegalBases(
            @Nullable Object value, List<LegalBasisTerm> legalBases, List<FieldError> errors) {
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError("legal_bases", "must be a list"));
            return;
        }
        Set<LegalBasis> seen = EnumSet.noneOf(LegalBasis.class);
        for (int index = 0; index < list.size(); index++) {
            String source = "legal_bases[" + index + "]";
            if (!(list.get(index) instanceof Map<?, ?> fields)) {
                errors.add(new FieldError(source, "must be a legal basis with key and names"));
                continue;
            }
            for (Object field : fields.keySet()) {
                if (!LEGAL_BASIS_FIELDS.contains(String.valueOf(field))) {
                    errors.add(new FieldError(source + "." + field, "is not a field of a legal basis"));
                }
            }
            LegalBasis basis;
            try {
                basis = LegalBasis.of(source + ".key", String.valueOf(fields.get("key")));
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
                continue;
            }
            Map<String, String> names =
                    TermFields.texts(fields.get("names"), source + ".names", TermFields.MAX_NAME, true, errors);
            Map<String, String> descriptions = TermFields.texts(
                    fields.get("descriptions"), source + ".descriptions", TermFields.MAX_DESCRIPTION, false, errors);
            if (!seen.add(basis)) {
                errors.add(new FieldError(source + ".key", "appears twice"));
            } else if (names.containsKey("en")) {
                legalBases.add(new LegalBasisTerm(basis, names, descriptions));
            }
        }
        if (seen.size() != LegalBasis.values().length) {
            errors.add(new FieldError(
                    "legal_bases",
                    "must name every legal basis: "
                            + Arrays.stream(LegalBasis.values())
                                    .map(LegalBasis::key)
                                    .collect(Collectors.joining(", "))));
        }
        legalBases.sort(Comparator.comparing(LegalBasisTerm::basis));
    }
}
