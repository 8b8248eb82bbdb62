package io.custodia.server.register;

import io.custodia.core.ConflictException;
import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.NotFoundException;
import io.custodia.core.register.ActivityStatus;
import io.custodia.core.register.Art9Condition;
import io.custodia.core.taxonomy.Term;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.Staff;
import io.custodia.server.taxonomy.Taxonomy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/** The register's console pages: the list, the activity editor, the data map and the export links. */
@Controller
class RegisterPages {
    private static final String LIST = "register/list";
    private static final String EDITOR = "register/editor";

    private final Register register;
    private final RegisterFiles files;
    private final Entities entities;
    private final Taxonomy taxonomy;
    private final Staff staff;

    RegisterPages(Register register, RegisterFiles files, Entities entities, Taxonomy taxonomy, Staff staff) {
        this.register = register;
        this.files = files;
        this.entities = entities;
        this.taxonomy = taxonomy;
        this.staff = staff;
    }

    @GetMapping("/console/register")
    String list(
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String purpose,
            @RequestParam(required = false) @Nullable String dataCategory,
            @RequestParam(required = false) @Nullable String q,
            Model model) {
        var filter = new ActivityFilter(
                blankToNull(entity),
                blankToNull(status),
                blankToNull(purpose),
                blankToNull(dataCategory),
                null,
                blankToNull(q));
        List<GroupEntity> visible = entities.visible();
        model.addAttribute("filter", filter);
        model.addAttribute("activities", register.activities(filter));
        model.addAttribute("entities", visible);
        model.addAttribute(
                "statuses",
                Arrays.stream(ActivityStatus.values()).map(ActivityStatus::key).toList());
        model.addAttribute("purposes", terms(visible, taxonomy::purposes));
        model.addAttribute("dataCategories", terms(visible, taxonomy::dataCategories));
        model.addAttribute("canWrite", canWrite());
        return LIST;
    }

    @GetMapping("/console/register/new")
    String create(@RequestParam(required = false) @Nullable String entity, Model model) {
        List<GroupEntity> visible = entities.visible();
        String chosen = blankToNull(entity);
        if (chosen == null && visible.size() == 1) {
            chosen = visible.get(0).code();
        }
        if (chosen == null) {
            model.addAttribute("entities", visible);
            return "register/entity";
        }
        entities.visible(chosen);
        return editor(model, ActivityForm.empty(chosen), null, List.of(), List.of(), null);
    }

    @PostMapping("/console/register/new")
    @PreAuthorize(ActivitiesApi.WRITERS)
    String created(@ModelAttribute ActivityForm form, Model model) {
        String entity = form.entity() == null ? "" : form.entity();
        try {
            ActivityView created = register.create(entity, form.draft(), ActivityStatus.DRAFT);
            return "redirect:/console/register/" + created.id() + "?saved";
        } catch (InvalidInputException e) {
            entities.visible(entity);
            return editor(model, form, null, e.errors(), List.of(), null);
        }
    }

    @GetMapping("/console/register/{id}")
    String edit(@PathVariable UUID id, Model model) {
        ActivityView activity = register.activity(id);
        return editor(model, ActivityForm.of(activity), activity, List.of(), activity.warnings(), null);
    }

    @PostMapping("/console/register/{id}")
    @PreAuthorize(ActivitiesApi.WRITERS)
    String edited(@PathVariable UUID id, @ModelAttribute ActivityForm form, Model model) {
        ActivityView current = register.activity(id);
        try {
            register.update(id, form.draft(), form.version() == null ? -1 : form.version());
            return "redirect:/console/register/" + id + "?saved";
        } catch (InvalidInputException e) {
            return editor(model, withEntity(form, current), current, e.errors(), List.of(), null);
        } catch (ConflictException e) {
            return editor(model, withEntity(form, current), current, List.of(), List.of(), e.getMessage());
        }
    }

    @PostMapping("/console/register/{id}/status")
    @PreAuthorize(ActivitiesApi.WRITERS)
    String statusChanged(
            @PathVariable UUID id,
            @RequestParam String status,
            @RequestParam(required = false) @Nullable String reason,
            Model model) {
        ActivityView current = register.activity(id);
        try {
            register.changeStatus(id, ActivityStatus.of("status", status), reason == null ? "" : reason);
            return "redirect:/console/register/" + id + "?saved";
        } catch (InvalidInputException e) {
            return editor(model, ActivityForm.of(current), current, e.errors(), List.of(), null);
        } catch (ConflictException e) {
            return editor(model, ActivityForm.of(current), current, List.of(), List.of(), e.getMessage());
        }
    }

    @GetMapping("/console/register/map")
    String map(@RequestParam(required = false) @Nullable String entity, Model model) {
        List<ActivityView> activities =
                register.activities(new ActivityFilter(blankToNull(entity), null, null, null, null, null)).stream()
                        .filter(activity -> activity.statusValue() != ActivityStatus.RETIRED)
                        .toList();
        model.addAttribute("entity", blankToNull(entity));
        model.addAttribute("entities", entities.visible());
        model.addAttribute("activities", activities);
        model.addAttribute(
                "categories",
                new TreeSet<>(activities.stream()
                        .flatMap(activity -> activity.content().dataCategories().stream())
                        .toList()));
        model.addAttribute(
                "systems", usedBy(activities, activity -> activity.content().systems()));
        model.addAttribute(
                "recipients", usedBy(activities, activity -> activity.content().recipients()));
        return "register/map";
    }

    /** A missing or foreign activity or entity, shown like any missing page. */
    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String missing() {
        return "register/missing";
    }

    @GetMapping("/console/register/export")
    ResponseEntity<String> export(
            @RequestParam(defaultValue = "html") String format,
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(defaultValue = "en") String lang) {
        try {
            return files.export(format, entity, lang);
        } catch (InvalidInputException e) {
            // The API answers a problem; a page answers the status, as for any bad link.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage(), e);
        }
    }

    private String editor(
            Model model,
            ActivityForm form,
            @Nullable ActivityView activity,
            List<FieldError> errors,
            List<FieldError> warnings,
            @Nullable String conflict) {
        String entity = form.entity() == null ? "" : form.entity();
        model.addAttribute("form", form);
        model.addAttribute("activity", activity);
        model.addAttribute("errors", ActivityForm.byControl(errors));
        model.addAttribute("warnings", warnings);
        model.addAttribute("conflict", conflict);
        model.addAttribute("canWrite", canWrite());
        model.addAttribute("purposes", taxonomy.purposes(entity));
        model.addAttribute("dataCategories", taxonomy.dataCategories(entity));
        model.addAttribute("subjectTypes", taxonomy.subjectTypes(entity));
        model.addAttribute("systems", register.systems(entity));
        model.addAttribute("datasets", register.datasets(entity));
        model.addAttribute("recipients", register.recipients(entity));
        model.addAttribute(
                "art9Conditions",
                Arrays.stream(Art9Condition.values()).map(Art9Condition::key).toList());
        model.addAttribute(
                "nextStatuses",
                activity == null
                        ? List.of()
                        : Arrays.stream(ActivityStatus.values())
                                .filter(activity.statusValue()::mayBecome)
                                .map(ActivityStatus::key)
                                .toList());
        return EDITOR;
    }

    private static ActivityForm withEntity(ActivityForm form, ActivityView current) {
        return new ActivityForm(
                current.entity(),
                form.name(),
                form.controllerContact(),
                form.dpoContact(),
                form.purposes(),
                form.art9Condition(),
                form.dataCategories(),
                form.subjectTypes(),
                form.systems(),
                form.datasets(),
                form.recipients(),
                form.transfers(),
                form.retentionPeriod(),
                form.retentionTrigger(),
                form.securityMeasures(),
                form.explanationEn(),
                form.explanationFr(),
                form.customerValueEn(),
                form.customerValueFr(),
                form.reviewId(),
                form.version());
    }

    private boolean canWrite() {
        return staff.find().map(member -> member.hasAny(Role.REGISTER_KEEPERS)).orElse(false);
    }

    private static List<Term> terms(List<GroupEntity> visible, Function<String, List<Term>> ofEntity) {
        Map<String, Term> byKey = new LinkedHashMap<>();
        visible.forEach(entity -> ofEntity.apply(entity.code())
                .forEach(term -> byKey.putIfAbsent(term.key().value(), term)));
        return byKey.values().stream().sorted(Comparator.comparing(Term::key)).toList();
    }

    /** Each key (entity and key) with the activities that name it. */
    private static Map<String, List<ActivityView>> usedBy(
            List<ActivityView> activities, Function<ActivityView, List<String>> keys) {
        return activities.stream()
                .flatMap(activity ->
                        keys.apply(activity).stream().map(key -> Map.entry(activity.entity() + " · " + key, activity)))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, TreeMap::new, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return Optional.ofNullable(text)
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .orElse(null);
    }
}
