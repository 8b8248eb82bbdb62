package io.custodia.server.consent;

import io.custodia.core.consent.PurposePolicy;
import io.custodia.core.taxonomy.LegalBasis;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.register.ActivityView;
import java.util.List;

/**
 * A purpose as the entity's active processing activities declare it: its legal basis and renewal period (the policy
 * the fold reads), and the activities themselves (what a receipt describes).
 *
 * @param purpose the purpose
 * @param policy its legal basis, renewal period and refusal retention
 * @param activities the active activities that declare it, at least one
 */
record DeclaredPurpose(TermKey purpose, PurposePolicy policy, List<ActivityView> activities) {

    DeclaredPurpose {
        activities = List.copyOf(activities);
    }

    LegalBasis legalBasis() {
        return policy.legalBasis();
    }

    /** Whether customers make choices about it: it is processed on consent or on an objectable basis. */
    boolean takesChoices() {
        return legalBasis() == LegalBasis.CONSENT || legalBasis().objectable();
    }
}
