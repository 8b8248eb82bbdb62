package io.custodia.server.notices;

import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public page of a published notice version: the exact text a customer was shown, with its content hash, so
 * that receipts and the privacy center can link to it. Drafts are never shown.
 */
@Controller
class NoticeTextPage {
    private final Notices notices;
    private final Entities entities;

    NoticeTextPage(Notices notices, Entities entities) {
        this.notices = notices;
        this.entities = entities;
    }

    @GetMapping("/notices/{entity}/{key}/{version}")
    String show(
            @PathVariable String entity,
            @PathVariable String key,
            @PathVariable String version,
            @RequestParam(required = false) @Nullable String lang,
            Model model,
            HttpServletResponse response) {
        Optional<GroupEntity> company = entities.find(entity);
        Optional<PublishedNotice> found = company.isEmpty() || !version.matches("^[1-9][0-9]{0,8}$")
                ? Optional.empty()
                : notices.publishedVersion(entity, key, Integer.parseInt(version));
        if (company.isEmpty() || found.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "notices/public-missing";
        }
        PublishedNotice notice = found.get();
        String language = language(notice, lang);
        model.addAttribute("notice", notice);
        model.addAttribute("company", company.get());
        model.addAttribute("language", language);
        model.addAttribute("text", notice.text(language));
        model.addAttribute("blocks", NoticeMarkdown.read(notice.text(language).body()));
        model.addAttribute(
                "publishedAt",
                notice.publishedAt().atZone(company.map(GroupEntity::timeZone).orElse(ZoneOffset.UTC)));
        model.addAttribute("path", StoredNotices.publicPath(entity, key, notice.version()));
        Map<String, String> languages = new LinkedHashMap<>();
        notice.texts().keySet().forEach(tag -> languages.put(tag, nativeName(tag)));
        model.addAttribute("languages", languages);
        return "notices/public";
    }

    /** A language's name in that language, e.g. Français. */
    private static String nativeName(String tag) {
        Locale locale = Locale.forLanguageTag(tag);
        String name = locale.getDisplayLanguage(locale);
        return name.isEmpty() ? tag : name.substring(0, 1).toUpperCase(locale) + name.substring(1);
    }

    /** The language asked for when the notice has it, else the reader's, else English. */
    private static String language(PublishedNotice notice, @Nullable String asked) {
        if (asked != null && notice.texts().containsKey(asked)) {
            return asked;
        }
        Locale locale = LocaleContextHolder.getLocale();
        return notice.texts().containsKey(locale.getLanguage()) ? locale.getLanguage() : "en";
    }
}
