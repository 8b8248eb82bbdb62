package io.custodia.server.consent;

import io.custodia.core.jurisdiction.JurisdictionPack;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.register.RecipientEntry;
import java.util.Map;

/**
 * What the ledger reads about one entity while it handles a request: the rules to check choices against and the
 * facts a receipt states. Kept between requests by {@link EntityContexts}, which drops it when any of it changes.
 *
 * @param entity the entity
 * @param pack its jurisdiction pack
 * @param purposes the purposes its active activities declare
 * @param purposeTerms the taxonomy's purposes as the entity sees them, for names and DPV IRIs
 * @param categoryTerms the taxonomy's data categories as the entity sees them
 * @param recipients the recipients of its register, by key
 * @param notices its published notices, read as they are asked for
 */
record EntityContext(
        GroupEntity entity,
        JurisdictionPack pack,
        Map<TermKey, DeclaredPurpose> purposes,
        Map<TermKey, Term> purposeTerms,
        Map<TermKey, Term> categoryTerms,
        Map<String, RecipientEntry> recipients,
        NoticeFacts notices) {

    EntityContext {
        purposes = Map.copyOf(purposes);
        purposeTerms = Map.copyOf(purposeTerms);
        categoryTerms = Map.copyOf(categoryTerms);
        recipients = Map.copyOf(recipients);
    }

    String code() {
        return entity.code();
    }
}
