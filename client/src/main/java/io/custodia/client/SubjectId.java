package io.custodia.client;

import io.custodia.core.InvalidInputException;

/**
 * A customer as a service names them to Custodia: one of their external identifiers.
 *
 * @param scheme {@code customer_id}, {@code email}, {@code phone} or {@code device_id}
 * @param value the identifier in that scheme
 */
public record SubjectId(String scheme, String value) {

    public SubjectId {
        if (scheme.isBlank()) {
            throw InvalidInputException.of("subject.scheme", "name the identifier's scheme, such as customer_id");
        }
        if (value.isBlank()) {
            throw InvalidInputException.of("subject.value", "the identifier is blank");
        }
    }

    /** A customer by the company's customer number. */
    public static SubjectId customerId(String value) {
        return new SubjectId("customer_id", value);
    }

    /** A customer by e-mail address. */
    public static SubjectId email(String value) {
        return new SubjectId("email", value);
    }

    /** A customer by phone number. */
    public static SubjectId phone(String value) {
        return new SubjectId("phone", value);
    }

    /** A customer by the id of one of their devices. */
    public static SubjectId deviceId(String value) {
        return new SubjectId("device_id", value);
    }

    /** Only the scheme: identifiers are personal data and stay out of logs. */
    @Override
    public String toString() {
        return "SubjectId[" + scheme + "]";
    }
}
