package io.custodia.server.consent;

import io.custodia.core.consent.ConsentEvent;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event ready to be written, with its receipt's document made.
 *
 * @param event the event; its server time is when Custodia received it
 * @param purpose the purpose as the entity declares it
 * @param entityCode the entity that holds the customer
 * @param noticeKey the key of the notice shown
 * @param language the language of the notice and receipt
 * @param context where the choice was made
 * @param actorName the agent's name, for an agent
 * @param requestDigest the SHA-256 of the request as understood
 * @param gpc whether the request carried {@code Sec-GPC: 1}
 * @param gpcSignalId the signal this event applies, for an event Custodia records from one
 * @param receiptDocument the receipt's document ({@link Receipts#document}), signed on the receipt's first request
 */
record Draft(
        ConsentEvent event,
        DeclaredPurpose purpose,
        String entityCode,
        String noticeKey,
        String language,
        Map<String, String> context,
        @Nullable String actorName,
        String requestDigest,
        boolean gpc,
        @Nullable UUID gpcSignalId,
        String receiptDocument) {

    Draft {
        context = Map.copyOf(context);
    }
}
