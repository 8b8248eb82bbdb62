package io.custodia.server.taxonomy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.taxonomy.LegalBasisTerm;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.Staff;
import io.custodia.server.identity.StaffMember;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's taxonomy pages: browse the terms in the reader's language, add a term to an entity's extension,
 * import a Custodia or fideslang file.
 */
@Controller
@RequestMapping("/console/taxonomy")
class TaxonomyPages {
    private static final String PAGE = "taxonomy/index";
    /** Where each field error of a term lands in the add-a-term form. */
    private static final Map<String, String> FORM_FIELDS = Map.of(
            "kind", "kind",
            "key", "key",
            "names.en", "nameEn",
            "names.fr", "nameFr",
            "descriptions.en", "descriptionEn",
            "descriptions.fr", "descriptionFr",
            "dpv", "dpv",
            "special", "special",
            "entity", "entity");

    private final Taxonomy taxonomy;
    private final Entities entities;
    private final Staff staff;
    private final MessageSource messages;

    TaxonomyPages(Taxonomy taxonomy, Entities entities, Staff staff, MessageSource messages) {
        this.taxonomy = taxonomy;
        this.entities = entities;
        this.staff = staff;
        this.messages = messages;
    }

    /** The add-a-term form as typed, kept when it comes back with errors. */
    static final class TermForm {
        private String kind = "data_category";
        private String entity = "";
        private String key = "";
        private String nameEn = "";
        private String nameFr = "";
        private String descriptionEn = "";
        private String descriptionFr = "";
        private String dpv = "";
        private boolean special;

        TermProposal proposal() {
            Map<String, String> names = new LinkedHashMap<>();
            names.put("en", nameEn);
            names.put("fr", nameFr);
            Map<String, String> descriptions = new LinkedHashMap<>();
            descriptions.put("en", descriptionEn);
            descriptions.put("fr", descriptionFr);
            return new TermProposal(kind, key, names, descriptions, dpv, special, entity);
        }

        public String getKind() {
            return kind;
        }

        public void setKind(@Nullable String kind) {
            this.kind = kind == null ? "" : kind;
        }

        public String getEntity() {
            return entity;
        }

        public void setEntity(@Nullable String entity) {
            this.entity = entity == null ? "" : entity;
        }

        public String getKey() {
            return key;
        }

        public void setKey(@Nullable String key) {
            this.key = key == null ? "" : key;
        }

        public String getNameEn() {
            return nameEn;
        }

        public void setNameEn(@Nullable String nameEn) {
            this.nameEn = nameEn == null ? "" : nameEn;
        }

        public String getNameFr() {
            return nameFr;
        }

        public void setNameFr(@Nullable String nameFr) {
            this.nameFr = nameFr == null ? "" : nameFr;
        }

        public String getDescriptionEn() {
            return descriptionEn;
        }

        public void setDescriptionEn(@Nullable String descriptionEn) {
            this.descriptionEn = descriptionEn == null ? "" : descriptionEn;
        }

        public String getDescriptionFr() {
            return descriptionFr;
        }

        public void setDescriptionFr(@Nullable String descriptionFr) {
            this.descriptionFr = descriptionFr == null ? "" : descriptionFr;
        }

        public String getDpv() {
            return dpv;
        }

        public void setDpv(@Nullable String dpv) {
            this.dpv = dpv == null ? "" : dpv;
        }

        public boolean isSpecial() {
            return special;
        }

        public void setSpecial(boolean special) {
            this.special = special;
        }
    }

    /** A term with the terms under it, as the page draws the tree. */
    record Node(Term term, String name, String description, int depth, List<Node> children) {}

    /** One legal basis as the page shows it. */
    record BasisRow(LegalBasisTerm basis, String name, String description) {}

    /** One flat term (subject type) as the page shows it. */
    record Row(Term term, String name, String description) {}

    @GetMapping
    String page(
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String entity,
            Locale locale,
            Model model) {
        TermForm form = new TermForm();
        if (entity != null && !entity.isBlank()) {
            form.setEntity(entity);
        }
        return render(model, locale, q, entity, form, Map.of());
    }

    @GetMapping("/export")
    ResponseEntity<String> export(@RequestParam(required = false) @Nullable String entity) {
        String code = entity == null || entity.isBlank() ? null : entity;
        try {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(TaxonomyApi.YAML + ";charset=UTF-8"))
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename(code == null ? "taxonomy.yaml" : "taxonomy-" + code + ".yaml")
                                    .build()
                                    .toString())
                    .body(taxonomy.export(code));
        } catch (NotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    @PostMapping("/terms")
    @PreAuthorize("hasAnyRole('DPO','PRIVACY_OFFICER')")
    String addTerm(
            @ModelAttribute("form") TermForm form,
            Locale locale,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Term term = taxonomy.extend(form.proposal());
            redirect.addFlashAttribute("added", term.key().value());
            return "redirect:"
                    + UriComponentsBuilder.fromPath("/console/taxonomy")
                            .queryParamIfPresent("entity", Optional.ofNullable(term.entityCode()))
                            .fragment("add-term")
                            .build()
                            .toUriString();
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return render(model, locale, null, form.getEntity(), form, formErrors(e.errors()));
        } catch (NotFoundException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return render(
                    model,
                    locale,
                    null,
                    null,
                    form,
                    Map.of("entity", messages.getMessage("taxonomy.error.entity", null, locale)));
        }
    }

    @PostMapping("/import")
    @PreAuthorize("hasAnyRole('DPO','PRIVACY_OFFICER')")
    String importFile(
            @RequestParam(required = false) @Nullable MultipartFile file,
            @RequestParam(defaultValue = "false") boolean fideslang,
            @RequestParam(defaultValue = "") String entity,
            Locale locale,
            Model model,
            HttpServletResponse response)
            throws IOException {
        String code = entity.isBlank() ? null : entity;
        model.addAttribute("importEntity", entity);
        model.addAttribute("importFideslang", fideslang);
        if (file == null || file.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute(
                    "importErrors",
                    List.of(new FieldError("file", messages.getMessage("taxonomy.error.file", null, locale))));
            return render(model, locale, null, code, new TermForm(), Map.of());
        }
        String yaml = new String(file.getBytes(), StandardCharsets.UTF_8);
        try {
            ImportSummary summary =
                    fideslang ? taxonomy.importFideslang(yaml, code) : taxonomy.importCustodia(yaml, code);
            model.addAttribute("importSummary", summary);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("importErrors", e.errors());
        } catch (NotFoundException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute(
                    "importErrors",
                    List.of(new FieldError("entity", messages.getMessage("taxonomy.error.entity", null, locale))));
            code = null;
        }
        return render(model, locale, null, code, new TermForm(), Map.of());
    }

    private String render(
            Model model,
            Locale locale,
            @Nullable String query,
            @Nullable String entity,
            TermForm form,
            Map<String, String> errors) {
        StaffMember member = staff.current();
        String entityCode = entity == null || entity.isBlank() ? null : entity;
        if (entityCode != null) {
            try {
                entities.visible(entityCode);
            } catch (NotFoundException e) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
        }
        String language = locale.getLanguage();
        String filter = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<GroupEntity> visibleEntities = entities.visible();
        model.addAttribute("member", member);
        model.addAttribute("q", query == null ? "" : query);
        model.addAttribute("entity", entityCode == null ? "" : entityCode);
        model.addAttribute("entities", visibleEntities);
        model.addAttribute("groupScope", member.scope() instanceof EntityScope.All);
        model.addAttribute("canEdit", member.hasAny(Role.REGISTER_KEEPERS));
        model.addAttribute("purposes", tree(taxonomy.purposes(entityCode), language, filter));
        model.addAttribute("categories", tree(taxonomy.dataCategories(entityCode), language, filter));
        model.addAttribute(
                "subjectTypes",
                taxonomy.subjectTypes(entityCode).stream()
                        .filter(term -> matches(term.key().value(), term.name(language), filter))
                        .map(term -> new Row(term, term.name(language), term.description(language)))
                        .toList());
        model.addAttribute(
                "legalBases",
                taxonomy.legalBases().stream()
                        .filter(basis -> matches(basis.basis().key(), basis.name(language), filter))
                        .map(basis -> new BasisRow(basis, basis.name(language), basis.description(language)))
                        .toList());
        model.addAttribute("kinds", TermKind.values());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return PAGE;
    }

    /**
     * The terms as a forest in key order; with a filter, the terms that match and the parents that lead to them.
     */
    private static List<Node> tree(List<Term> terms, String language, String filter) {
        Map<TermKey, List<Term>> childrenOf = new LinkedHashMap<>();
        List<Term> roots = new ArrayList<>();
        Set<TermKey> keys = new HashSet<>();
        terms.forEach(term -> keys.add(term.key()));
        for (Term term : terms) {
            TermKey parent = term.parent().filter(keys::contains).orElse(null);
            if (parent == null) {
                roots.add(term);
            } else {
                childrenOf.computeIfAbsent(parent, key -> new ArrayList<>()).add(term);
            }
        }
        List<Node> forest = new ArrayList<>();
        for (Term root : roots) {
            node(root, childrenOf, language, filter, 0).ifPresent(forest::add);
        }
        return forest;
    }

    /** The term's node, or none when neither it nor any term under it matches the filter. */
    private static Optional<Node> node(
            Term term, Map<TermKey, List<Term>> childrenOf, String language, String filter, int depth) {
        List<Node> children = new ArrayList<>();
        for (Term child : childrenOf.getOrDefault(term.key(), List.of())) {
            node(child, childrenOf, language, filter, depth + 1).ifPresent(children::add);
        }
        String name = term.name(language);
        if (!children.isEmpty() || matches(term.key().value(), name, filter)) {
            return Optional.of(new Node(term, name, term.description(language), depth, children));
        }
        return Optional.empty();
    }

    private static boolean matches(String key, String name, String filter) {
        return filter.isEmpty()
                || key.toLowerCase(Locale.ROOT).contains(filter)
                || name.toLowerCase(Locale.ROOT).contains(filter);
    }

    private static Map<String, String> formErrors(List<FieldError> errors) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : errors) {
            String field =
                    FORM_FIELDS.getOrDefault(error.field(), error.field().startsWith("names") ? "nameEn" : "key");
            byField.merge(field, error.message(), (first, second) -> first + "; " + second);
        }
        return byField;
    }
}
