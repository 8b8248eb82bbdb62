package io.custodia.server.notices;

import io.custodia.core.ConflictException;
import io.custodia.core.NotFoundException;
import io.custodia.core.taxonomy.Term;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Role;
import io.custodia.server.identity.Staff;
import io.custodia.server.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The notices' console pages: the list, a new notice, a notice with its versions, the draft editor with a preview
 * of what customers will read, and publishing.
 */
@Controller
class NoticePages {
    private static final String NEW = "notices/new";
    private static final String NOTICE = "notices/notice";

    private final Notices notices;
    private final Entities entities;
    private final Taxonomy taxonomy;
    private final Staff staff;
    private final MessageSource messages;

    NoticePages(Notices notices, Entities entities, Taxonomy taxonomy, Staff staff, MessageSource messages) {
        this.notices = notices;
        this.entities = entities;
        this.taxonomy = taxonomy;
        this.staff = staff;
        this.messages = messages;
    }

    @GetMapping("/console/notices")
    String list(@RequestParam(required = false) @Nullable String entity, Model model) {
        String chosen = blankToNull(entity);
        model.addAttribute("entity", chosen);
        model.addAttribute("entities", entities.visible());
        model.addAttribute("notices", notices.notices(chosen));
        model.addAttribute("canWrite", canWrite());
        return "notices/list";
    }

    @GetMapping("/console/notices/new")
    String create(@RequestParam(required = false) @Nullable String entity, Model model) {
        List<GroupEntity> visible = entities.visible();
        String chosen = blankToNull(entity);
        if (chosen == null && visible.size() == 1) {
            chosen = visible.get(0).code();
        }
        if (chosen == null) {
            model.addAttribute("entities", visible);
            return "notices/entity";
        }
        GroupEntity found = entities.visible(chosen);
        return newNotice(model, found, NoticeForm.empty(found.code()), List.of());
    }

    @PostMapping("/console/notices/new")
    @PreAuthorize(NoticesApi.WRITERS)
    String created(@ModelAttribute NoticeForm form, Model model) {
        GroupEntity entity = entities.visible(form.entity() == null ? "" : form.entity());
        String key = form.key() == null ? "" : form.key().strip();
        try {
            notices.create(entity.code(), key, form.draft(Map.of()));
            return "redirect:" + path(entity.code(), key) + "?saved";
        } catch (InvalidNoticeException e) {
            return newNotice(model, entity, form, e.issues());
        } catch (ConflictException e) {
            return newNotice(model, entity, form, List.of(NoticeIssue.of("key", "key.taken", key)));
        }
    }

    @GetMapping("/console/notices/{entity}/{key}")
    String show(@PathVariable String entity, @PathVariable String key, Model model) {
        NoticeView notice = notices.notice(entity, key);
        Optional<NoticeVersionView> draft = draftOf(notice);
        return notice(model, notice, draft.map(NoticeForm::of).orElse(null), List.of());
    }

    @PostMapping("/console/notices/{entity}/{key}/versions")
    @PreAuthorize(NoticesApi.WRITERS)
    String newVersion(@PathVariable String entity, @PathVariable String key) {
        try {
            notices.addDraft(entity, key);
        } catch (ConflictException e) {
            // a draft exists already: the notice page shows it
        }
        return "redirect:" + path(entity, key) + "#editor";
    }

    @PostMapping("/console/notices/{entity}/{key}/versions/{version}")
    @PreAuthorize(NoticesApi.WRITERS)
    String edit(
            @PathVariable String entity,
            @PathVariable String key,
            @PathVariable int version,
            @ModelAttribute NoticeForm form,
            Model model) {
        NoticeVersionView current = notices.version(entity, key, version);
        Map<String, NoticeText> others = new LinkedHashMap<>(current.texts());
        others.keySet().removeAll(List.of("en", "fr"));
        try {
            notices.editDraft(entity, key, version, form.draft(others));
            return "redirect:" + path(entity, key) + "?saved#preview";
        } catch (InvalidNoticeException e) {
            return notice(model, notices.notice(entity, key), form, e.issues());
        } catch (ConflictException e) {
            return "redirect:" + path(entity, key) + "?stale";
        }
    }

    @PostMapping("/console/notices/{entity}/{key}/versions/{version}/publish")
    @PreAuthorize(NoticesApi.WRITERS)
    String publish(
            @PathVariable String entity,
            @PathVariable String key,
            @PathVariable int version,
            @RequestParam(defaultValue = "false") boolean material,
            Model model) {
        try {
            notices.publish(entity, key, version, material);
            return "redirect:" + path(entity, key) + "?published=" + version;
        } catch (InvalidNoticeException e) {
            NoticeView notice = notices.notice(entity, key);
            return notice(model, notice, draftOf(notice).map(NoticeForm::of).orElse(null), e.issues());
        } catch (ConflictException e) {
            return "redirect:" + path(entity, key) + "?stale";
        }
    }

    @GetMapping("/console/notices/{entity}/{key}/versions/{version}")
    String version(@PathVariable String entity, @PathVariable String key, @PathVariable int version, Model model) {
        NoticeVersionView found = notices.version(entity, key, version);
        model.addAttribute("version", found);
        model.addAttribute("entityName", entityName(found.entity()));
        model.addAttribute("noticePath", path(entity, key));
        model.addAttribute("preview", preview(found));
        model.addAttribute("purposeNames", purposeNames(found.entity()));
        return "notices/version";
    }

    /** A missing or foreign notice, version or entity, shown like any missing page. */
    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String missing() {
        return "notices/missing";
    }

    private String newNotice(Model model, GroupEntity entity, NoticeForm form, List<NoticeIssue> issues) {
        model.addAttribute("entity", entity);
        model.addAttribute("form", form);
        model.addAttribute("errors", NoticeForm.byControl(issues, this::wording));
        model.addAttribute("purposes", purposeChoices(entity.code(), "", List.of()));
        model.addAttribute("channels", NoticeRules.CHANNELS);
        model.addAttribute("canWrite", canWrite());
        return NEW;
    }

    private String notice(Model model, NoticeView notice, @Nullable NoticeForm form, List<NoticeIssue> issues) {
        Optional<NoticeVersionView> draft = draftOf(notice);
        List<NoticeVersionView> published = new ArrayList<>(
                notice.versions().stream().filter(version -> !version.isDraft()).toList());
        List<String> kept = published.stream()
                .flatMap(version -> version.purposes().stream())
                .distinct()
                .sorted()
                .toList();
        Collections.reverse(published);
        model.addAttribute("notice", notice);
        model.addAttribute("entityName", entityName(notice.entity()));
        model.addAttribute("draft", draft.orElse(null));
        model.addAttribute("published", published);
        model.addAttribute("latest", published.isEmpty() ? null : published.get(0));
        model.addAttribute("form", form);
        model.addAttribute("errors", NoticeForm.byControl(issues, this::wording));
        model.addAttribute("preview", draft.map(this::preview).orElse(Map.of()));
        model.addAttribute("purposes", purposeChoices(notice.entity(), notice.key(), kept));
        model.addAttribute("kept", kept);
        model.addAttribute("purposeNames", purposeNames(notice.entity()));
        model.addAttribute("channels", NoticeRules.CHANNELS);
        model.addAttribute("canWrite", canWrite());
        model.addAttribute("path", path(notice.entity(), notice.key()));
        return NOTICE;
    }

    /** The preview of a version in English and French, as the public page shows it. */
    private Map<String, List<NoticeMarkdown.Block>> preview(NoticeVersionView version) {
        Map<String, List<NoticeMarkdown.Block>> preview = new LinkedHashMap<>();
        for (String language : NoticeRules.REQUIRED_LANGUAGES) {
            preview.put(language, NoticeMarkdown.read(version.text(language).body()));
        }
        return preview;
    }

    /** A purpose the editor offers, and the notice that explains it already, if another. */
    record PurposeChoice(Term term, @Nullable String heldBy) {}

    private List<PurposeChoice> purposeChoices(String entity, String key, List<String> kept) {
        Map<String, String> holders = notices.holders(entity);
        return taxonomy.purposes(entity).stream()
                .filter(term -> !kept.contains(term.key().value()))
                .map(term -> {
                    String holder = holders.get(term.key().value());
                    return new PurposeChoice(term, holder == null || holder.equals(key) ? null : holder);
                })
                .toList();
    }

    private Map<String, String> purposeNames(String entity) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> names = new LinkedHashMap<>();
        taxonomy.purposes(entity).forEach(term -> names.put(term.key().value(), term.name(locale.getLanguage())));
        return names;
    }

    private String wording(NoticeIssue issue) {
        return issue.message(messages, LocaleContextHolder.getLocale());
    }

    private static Optional<NoticeVersionView> draftOf(NoticeView notice) {
        return notice.versions().stream().filter(NoticeVersionView::isDraft).findFirst();
    }

    private String entityName(String code) {
        return entities.find(code).map(GroupEntity::name).orElse(code);
    }

    private boolean canWrite() {
        return staff.find().map(member -> member.hasAny(Role.REGISTER_KEEPERS)).orElse(false);
    }

    static String path(String entity, String key) {
        return UriComponentsBuilder.fromPath("/console/notices/{entity}/{key}")
                .buildAndExpand(entity, key)
                .encode()
                .toUriString();
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
