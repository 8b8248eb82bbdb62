package io.custodia.server.notices;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * A notice that breaks rules: an {@link InvalidInputException} whose field errors are worded in English, and which
 * keeps each rule's message code so that the console can word it in the reader's language.
 */
class InvalidNoticeException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialised: it lives for one request
    private final List<NoticeIssue> issues;

    InvalidNoticeException(List<NoticeIssue> issues, MessageSource messages) {
        super(
                issues.size() == 1 ? "The notice has an invalid field" : "The notice has invalid fields",
                issues.stream()
                        .map(issue -> new FieldError(issue.field(), issue.message(messages, Locale.ENGLISH)))
                        .toList());
        this.issues = List.copyOf(issues);
    }

    List<NoticeIssue> issues() {
        return issues;
    }
}
