package io.custodia.server.subjects;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An external identifier of a customer, e.g. {@code email} {@code ada@example.com}. */
public record SubjectIdentifier(IdentifierScheme scheme, String value) {

    /** Parses and normalises an identifier from the API's {@code {scheme, value}}. */
    public static SubjectIdentifier of(String scheme, String value) {
        IdentifierScheme parsed = IdentifierScheme.of(scheme);
        return new SubjectIdentifier(parsed, parsed.normalise(value));
    }

    /**
     * Parses an identifier sent as {@code {scheme, value}}, reporting what is wrong instead of throwing.
     *
     * @param field the name of the request field that holds it, such as {@code subject} (errors name {@code
     *     subject.scheme} and {@code subject.value}); empty when scheme and value are fields of their own
     * @param errors where to add what is wrong
     * @return the identifier, or null when something was wrong
     */
    public static @Nullable SubjectIdentifier parse(
            String field, @Nullable String scheme, @Nullable String value, List<FieldError> errors) {
        String prefix = field.isEmpty() ? "" : field + ".";
        boolean missing = false;
        if (scheme == null || scheme.isBlank()) {
            errors.add(new FieldError(prefix + "scheme", "is required: customer_id, email, phone or device_id"));
            missing = true;
        }
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(prefix + "value", "is required"));
            missing = true;
        }
        if (missing || scheme == null || value == null) {
            return null;
        }
        try {
            return of(scheme, value);
        } catch (InvalidInputException e) {
            // The scheme's own checks name subject.scheme and subject.value.
            e.errors()
                    .forEach(error -> errors.add(
                            new FieldError(prefix + error.field().replace("subject.", ""), error.message())));
            return null;
        }
    }
}
