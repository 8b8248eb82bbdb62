package io.custodia.server.notices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The console's notice editor as posted: a key and entity when creating, then the content of a version in English
 * and French. Other languages of a draft (written through the API) are kept as they are.
 */
record NoticeForm(
        @Nullable String entity,
        @Nullable String key,
        @Nullable List<String> purposes,
        @Nullable List<String> channels,
        @Nullable String titleEn,
        @Nullable String bodyEn,
        @Nullable String titleFr,
        @Nullable String bodyFr) {

    /** An empty editor for a new notice of an entity. */
    static NoticeForm empty(String entity) {
        return new NoticeForm(entity, "notice.", List.of(), List.of(), "", "", "", "");
    }

    /** The editor filled with a version's content. */
    static NoticeForm of(NoticeVersionView version) {
        return new NoticeForm(
                version.entity(),
                version.key(),
                version.purposes(),
                version.channels(),
                version.text("en").title(),
                version.text("en").body(),
                version.text("fr").title(),
                version.text("fr").body());
    }

    /** The content, keeping the languages the console does not edit from {@code others}. */
    NoticeDraft draft(Map<String, NoticeText> others) {
        Map<String, NoticeText> texts = new LinkedHashMap<>(others);
        texts.put("en", new NoticeText(orEmpty(titleEn), orEmpty(bodyEn)));
        texts.put("fr", new NoticeText(orEmpty(titleFr), orEmpty(bodyFr)));
        return new NoticeDraft(purposes == null ? List.of() : purposes, channels == null ? List.of() : channels, texts);
    }

    /** Whether a checkbox list ({@code purposes} or {@code channels}) holds a value; public for the templates. */
    public boolean has(String list, String value) {
        List<String> values = "purposes".equals(list) ? purposes : channels;
        return values != null && values.contains(value);
    }

    /**
     * The editor control each issue belongs to ({@code titleFr}, {@code purposes} …) with its messages; issues no
     * control shows go under {@code form}.
     */
    static Map<String, List<String>> byControl(List<NoticeIssue> issues, Function<NoticeIssue, String> wording) {
        Map<String, List<String>> controls = new LinkedHashMap<>();
        for (NoticeIssue issue : issues) {
            controls.computeIfAbsent(control(issue.field()), control -> new ArrayList<>())
                    .add(wording.apply(issue));
        }
        return controls;
    }

    private static String control(String field) {
        if (field.startsWith("purposes")) {
            return "purposes";
        }
        if (field.startsWith("channels")) {
            return "channels";
        }
        return switch (field) {
            case "key", "entity", "material" -> field;
            case "texts.en", "texts.en.title" -> "titleEn";
            case "texts.en.body" -> "bodyEn";
            case "texts.fr", "texts.fr.title" -> "titleFr";
            case "texts.fr.body" -> "bodyFr";
            default -> "form";
        };
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
