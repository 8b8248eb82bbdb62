package io.custodia.server.privacy;

import java.io.Serializable;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A customer signed in to the privacy center of one entity: the principal of a privacy-center session. It is no staff
 * member and holds no role: the console and the API never see it.
 *
 * @param entityCode the entity whose privacy center the customer signed in to; other entities' pages ask again
 * @param subjectId the customer's internal id, the only key every page loads data with
 * @param email the identifier the customer signed in with, shown back to them: the address the code was sent to, or
 *     the identifier the company's identity provider vouched for
 * @param scheme the scheme of that identifier ({@code email}, or {@code phone} or {@code customer_id} from an identity
 *     provider)
 */
record Customer(String entityCode, UUID subjectId, String email, String scheme) implements Serializable {
    /** The one authority of a signed-in customer. */
    static final String AUTHORITY = "PRIVACY_CUSTOMER";

    /** The customer of the current request, when they signed in to this entity's privacy center in this browser. */
    static Optional<Customer> current(String entityCode) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof Customer customer
                && customer.entityCode().equals(entityCode)) {
            return Optional.of(customer);
        }
        return Optional.empty();
    }

    /** A customer signed in with a code sent to their e-mail address. */
    Customer(String entityCode, UUID subjectId, String email) {
        this(entityCode, subjectId, email, "email");
    }
}
