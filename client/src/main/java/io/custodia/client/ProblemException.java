package io.custodia.client;

import io.custodia.core.CustodiaException;
import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The server refused a request with an RFC 9457 problem: invalid input (400, with one error per field), missing or
 * insufficient credentials (401, 403), a conflict (409, such as an idempotency key reused for another choice), or a
 * failure that retrying did not cure.
 */
public class ProblemException extends CustodiaException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final @Nullable String detail;
    private final List<FieldError> errors;

    public ProblemException(int status, String type, String title, @Nullable String detail, List<FieldError> errors) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem's type URI, {@code about:blank} when the server gave none. */
    public String type() {
        return type;
    }

    /** The problem's short summary. */
    public String title() {
        return title;
    }

    /** The explanation of this occurrence, or null. */
    public @Nullable String detail() {
        return detail;
    }

    /** For invalid input, what is wrong with each field ({@code field} is a JSON path); otherwise empty. */
    public List<FieldError> errors() {
        return errors;
    }
}
