package io.custodia.server.notices;

import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * A broken rule of a notice: the field, as a JSON path such as {@code texts.fr.title}, and the code of its message
 * in {@code i18n/notices} with the message's arguments. The API answers the English wording; the console shows
 * the reader's language.
 */
record NoticeIssue(String field, String code, List<Object> args) {
    NoticeIssue {
        args = List.copyOf(args);
    }

    static NoticeIssue of(String field, String code, Object... args) {
        return new NoticeIssue(field, "notices.error." + code, List.of(args));
    }

    /** The same issue under a path prefix, e.g. {@code notices[2].} in an import. */
    NoticeIssue under(String prefix) {
        return new NoticeIssue(prefix + field, code, args);
    }

    String message(MessageSource messages, Locale locale) {
        return messages.getMessage(code, args.toArray(), locale);
    }
}
