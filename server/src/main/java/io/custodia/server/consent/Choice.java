package io.custodia.server.consent;

import io.custodia.core.consent.Actor;
import io.custodia.core.consent.Channel;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentScope;
import io.custodia.server.notices.PublishedNotice;
import io.custodia.server.subjects.SubjectIdentifier;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request that passed every recording rule: what the ledger will write, short of the customer's internal id and
 * the server time.
 *
 * @param context the entity and what it declares
 * @param identifier the customer's identifier, normalised
 * @param purpose the purpose as declared by the entity
 * @param action the choice
 * @param notice the published notice version shown
 * @param language the language of the notice and receipt
 * @param channel where the choice was made
 * @param where the request's context ({@code page}, {@code promptId}, {@code deviceId}), blank entries left out
 * @param clientTime when the device says it was made
 * @param scope the data categories and recipient it is narrowed to
 * @param actor who made it
 * @param actorName the agent's name, for an agent
 * @param idempotencyKey the client's key for it
 * @param guardian the identifier of the guardian who made the choice for a child, when one did; the ledger checks the
 *     link and makes them the actor
 */
record Choice(
        EntityContext context,
        SubjectIdentifier identifier,
        DeclaredPurpose purpose,
        ConsentAction action,
        PublishedNotice notice,
        String language,
        Channel channel,
        Map<String, String> where,
        @Nullable Instant clientTime,
        ConsentScope scope,
        Actor actor,
        @Nullable String actorName,
        String idempotencyKey,
        @Nullable SubjectIdentifier guardian) {

    Choice {
        where = Map.copyOf(where);
    }
}
