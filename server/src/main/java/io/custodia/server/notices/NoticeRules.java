package io.custodia.server.notices;

import io.custodia.core.taxonomy.TermKey;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules a notice's key and a version's content must keep that need no database: formats, required
 * languages, lengths. The facade adds the rules that do (purposes in the taxonomy, one notice per purpose).
 */
final class NoticeRules {
    static final String KEY_PREFIX = "notice.";
    static final int TITLE_MAX = 200;
    static final int BODY_MAX = 20_000;
    static final List<String> REQUIRED_LANGUAGES = List.of("en", "fr");

    /** The channels a notice is shown on; {@code api} and {@code import} carry consent but show no text. */
    static final List<String> CHANNELS = List.of("web", "app", "store", "call_center", "iot_device");

    private static final Pattern LANGUAGE = Pattern.compile("^[a-z]{2,3}(-[A-Z]{2})?$");
    private static final Pattern LINE_BREAKS = Pattern.compile("\r\n?");

    private NoticeRules() {}

    /** What is wrong with a notice key, if anything. */
    static List<NoticeIssue> checkKey(String key) {
        if (!TermKey.isValid(key) || !key.startsWith(KEY_PREFIX)) {
            return List.of(NoticeIssue.of("key", "key", key));
        }
        return List.of();
    }

    /**
     * What is wrong with a version's content as written, by path; indexes refer to the lists as given. Purpose
     * keys are checked for their format only.
     */
    static List<NoticeIssue> check(NoticeDraft draft) {
        List<NoticeIssue> issues = new ArrayList<>();
        if (draft.purposes().isEmpty()) {
            issues.add(NoticeIssue.of("purposes", "purposes.none"));
        }
        for (int index = 0; index < draft.purposes().size(); index++) {
            String purpose = draft.purposes().get(index).strip();
            if (!TermKey.isValid(purpose)) {
                issues.add(NoticeIssue.of("purposes[" + index + "]", "purpose.format", purpose));
            }
        }
        if (draft.channels().isEmpty()) {
            issues.add(NoticeIssue.of("channels", "channels.none", String.join(", ", CHANNELS)));
        }
        for (int index = 0; index < draft.channels().size(); index++) {
            String channel = draft.channels().get(index);
            if (!CHANNELS.contains(channel(channel))) {
                issues.add(NoticeIssue.of(
                        "channels[" + index + "]", "channel.unknown", channel, String.join(", ", CHANNELS)));
            }
        }
        for (String language : REQUIRED_LANGUAGES) {
            if (!draft.texts().containsKey(language)) {
                issues.add(NoticeIssue.of("texts." + language, "text.missing", language));
            }
        }
        for (Map.Entry<String, NoticeText> text : new TreeMap<>(draft.texts()).entrySet()) {
            String path = "texts." + text.getKey();
            if (!LANGUAGE.matcher(text.getKey()).matches()) {
                issues.add(NoticeIssue.of(path, "language", text.getKey()));
                continue;
            }
            checkText(path + ".title", text.getValue().title(), TITLE_MAX, true, issues);
            checkText(path + ".body", text.getValue().body(), BODY_MAX, false, issues);
        }
        return issues;
    }

    /** The content as stored and hashed: keys trimmed, lists sorted without duplicates, texts normalised. */
    static NoticeDraft normalise(NoticeDraft draft) {
        Set<String> purposes = new TreeSet<>();
        draft.purposes().forEach(purpose -> purposes.add(purpose.strip()));
        Set<String> channels = new TreeSet<>();
        draft.channels().forEach(channel -> channels.add(channel(channel)));
        Map<String, NoticeText> texts = new TreeMap<>();
        draft.texts()
                .forEach((language, text) ->
                        texts.put(language, new NoticeText(normalise(text.title()), normalise(text.body()))));
        return new NoticeDraft(List.copyOf(purposes), List.copyOf(channels), texts);
    }

    /** Text as stored: Unicode NFC, {@code \n} line breaks, no white space at either end. */
    static String normalise(@Nullable String text) {
        if (text == null) {
            return "";
        }
        return Normalizer.normalize(LINE_BREAKS.matcher(text).replaceAll("\n"), Normalizer.Form.NFC)
                .strip();
    }

    /** Texts sorted by language tag, read-only. */
    static SortedMap<String, NoticeText> sorted(Map<String, NoticeText> texts) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(texts));
    }

    private static String channel(String channel) {
        return channel.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static void checkText(
            String path, @Nullable String raw, int max, boolean oneLine, List<NoticeIssue> issues) {
        if (raw != null && !wellFormed(raw)) {
            issues.add(NoticeIssue.of(path, "unicode"));
            return;
        }
        String text = normalise(raw);
        if (text.isEmpty()) {
            issues.add(NoticeIssue.of(path, "required"));
            return;
        }
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            issues.add(NoticeIssue.of(path, "too_long", max, length));
        }
        if (oneLine && text.indexOf('\n') >= 0) {
            issues.add(NoticeIssue.of(path, "one_line"));
        }
    }

    /** Whether every surrogate is paired: a lone one cannot be written as UTF-8, so could not be hashed. */
    private static boolean wellFormed(String text) {
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (Character.isHighSurrogate(character)) {
                if (index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1))) {
                    return false;
                }
                index++;
            } else if (Character.isLowSurrogate(character)) {
                return false;
            }
        }
        return true;
    }
}
