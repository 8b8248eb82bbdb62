package io.custodia.client;

import java.util.UUID;

/**
 * The server's answer to a recorded choice.
 *
 * @param eventId the ledger's id of the consent event
 * @param receiptUrl the path of the event's signed receipt, for the customer
 * @param state the customer's state for the purpose right after the event
 * @param superseded whether the choice was older (by the device's time) than one already recorded, and so kept as
 *     evidence without changing the state
 * @param replayed whether the server had recorded this choice before (a retry whose first answer was lost) and
 *     answered with the first answer again
 */
public record RecordedConsent(
        UUID eventId, String receiptUrl, PurposeState state, boolean superseded, boolean replayed) {}
