package io.custodia.server.consent;

import io.custodia.core.consent.Actor;
import io.custodia.core.consent.Channel;
import io.custodia.core.consent.ConsentAction;
import io.custodia.core.consent.ConsentEvent;
import io.custodia.core.consent.ConsentScope;
import io.custodia.core.register.CatalogKey;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the ledger: the core event plus what the server keeps with it.
 *
 * @param event the consent event as the fold reads it
 * @param entityCode the entity that holds the customer
 * @param noticeKey the key of the notice shown
 * @param language the language of the notice and receipt
 * @param context where the choice was made ({@code page}, {@code promptId}, {@code deviceId})
 * @param actorName the agent's name when the event was recorded
 * @param requestDigest the SHA-256 of the request as understood, to tell a retry from a reuse of its key
 * @param gpc whether the request carried {@code Sec-GPC: 1}
 * @param gpcSignalId the signal Custodia applied when it recorded this event, if it did
 * @param superseded whether the choice was made before one already recorded, so the fold leaves it out
 * @param result the answer given when it was recorded, as JSON; null for an imported event, which had no answer
 *     of its own
 * @param receipt the signed receipt, a compact JWS, for an event recorded before receipts were signed on their first
 *     request; null otherwise
 * @param receiptDocument the receipt's document, fixed when the event was recorded and signed on the receipt's first
 *     request; null for an imported event, whose receipt is made on first request, and for an event whose receipt
 *     was signed with it
 */
record StoredEvent(
        ConsentEvent event,
        String entityCode,
        String noticeKey,
        String language,
        Map<String, String> context,
        @Nullable String actorName,
        String requestDigest,
        boolean gpc,
        @Nullable UUID gpcSignalId,
        boolean superseded,
        @Nullable String result,
        @Nullable String receipt,
        @Nullable String receiptDocument) {

    StoredEvent {
        context = Map.copyOf(context);
    }

    UUID id() {
        return event.eventId();
    }

    /** The timeline's view of this event. */
    LedgerEntry entry() {
        ConsentScope scope = event.scope();
        return new LedgerEntry(
                event.eventId(),
                event.purpose().value(),
                event.action().key(),
                event.channel().key(),
                event.serverTime(),
                event.clientTime(),
                noticeKey,
                event.noticeVersion(),
                event.noticeHash(),
                language,
                new LedgerEntry.By(actorType(event.actor()), actorId(event.actor()), actorName),
                context,
                scope.dataCategories().stream().map(TermKey::value).toList(),
                scope.recipient() == null ? null : scope.recipient().value(),
                gpc,
                gpcSignalId,
                superseded,
                ConsentLedger.receiptPath(event.eventId()));
    }

    static String actorType(Actor actor) {
        if (actor instanceof Actor.Agent) {
            return "agent";
        }
        if (actor instanceof Actor.Guardian) {
            return "guardian";
        }
        if (actor instanceof Actor.Custodia) {
            return "custodia";
        }
        return "customer";
    }

    static @Nullable String actorId(Actor actor) {
        if (actor instanceof Actor.Agent agent) {
            return agent.agentId();
        }
        if (actor instanceof Actor.Guardian guardian) {
            return guardian.guardianId();
        }
        return null;
    }

    static Actor actor(String type, @Nullable String id) {
        return switch (type) {
            case "agent" -> Actor.agent(require(id));
            case "guardian" -> Actor.guardian(require(id));
            case "custodia" -> Actor.custodia();
            default -> Actor.customer();
        };
    }

    private static String require(@Nullable String id) {
        if (id == null) {
            throw new IllegalStateException("A stored agent or guardian has no id");
        }
        return id;
    }

    static ConsentEvent event(
            UUID id,
            UUID subjectId,
            String purpose,
            List<String> dataCategories,
            @Nullable String recipient,
            String action,
            int noticeVersion,
            String noticeHash,
            String channel,
            @Nullable Instant clientTime,
            Instant serverTime,
            Actor actor,
            String idempotencyKey) {
        return new ConsentEvent(
                id,
                subjectId,
                TermKey.of(purpose),
                new ConsentScope(
                        dataCategories.stream().map(TermKey::of).collect(java.util.stream.Collectors.toSet()),
                        recipient == null ? null : CatalogKey.of(recipient)),
                ConsentAction.of("action", action),
                noticeVersion,
                noticeHash.strip(),
                Channel.of("channel", channel),
                clientTime,
                serverTime,
                actor,
                idempotencyKey);
    }
}
