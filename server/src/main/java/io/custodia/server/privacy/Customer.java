package io.custodia.server.privacy;

import java.io.Serializable;
import java.util.UUID;

/**
 * A customer signed in to the privacy center of one entity: the principal of a privacy-center session. It is no staff
 * member and holds no role: the console and the API never see it.
 *
 * @param entityCode the entity whose privacy center the customer signed in to; other entities' pages ask again
 * @param subjectId the customer's internal id, the only key every page loads data with
 * @param email the address the code was sent to, shown back to the customer
 */
record Customer(String entityCode, UUID subjectId, String email) implements Serializable {
    /** The one authority of a signed-in customer. */
    static final String AUTHORITY = "PRIVACY_CUSTOMER";
}
