package io.custodia.server.consent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * The answer to a recorded choice: the event, where its receipt is, and the customer's state for the purpose right
 * after it. A retry of the same request gets the same answer.
 *
 * @param eventId the ledger's id of the event
 * @param receiptUrl the path of the event's signed receipt
 * @param state the customer's state for the whole purpose once the event was recorded
 * @param superseded true when the device says the choice was made before a choice Custodia had already recorded for
 *     the purpose: it is kept as evidence and does not change the state
 * @param replayed true when this request had been recorded before and this is the first answer again
 */
public record RecordedConsent(
        UUID eventId,
        String receiptUrl,
        PurposeState state,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean superseded,
        @JsonIgnore boolean replayed) {

    /** The answer as the ledger keeps it, to give it again to a retry. */
    Stored stored() {
        return new Stored(eventId, receiptUrl, state, superseded);
    }

    /** The answer as kept with its event. */
    record Stored(UUID eventId, String receiptUrl, PurposeState state, boolean superseded) {
        RecordedConsent replayed() {
            return new RecordedConsent(eventId, receiptUrl, state, superseded, true);
        }
    }
}
