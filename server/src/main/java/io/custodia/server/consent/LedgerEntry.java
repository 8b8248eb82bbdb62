package io.custodia.server.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event of a customer's consent timeline, as the API and the console show it.
 *
 * @param eventId the event's id
 * @param purpose the purpose's key
 * @param action {@code granted}, {@code refused}, {@code withdrawn}, {@code objected} or {@code expired}
 * @param channel where the choice was made
 * @param serverTime when Custodia recorded it; this orders the timeline
 * @param clientTime when the device says it was made, if it said
 * @param noticeKey the key of the notice the customer was shown
 * @param noticeVersion its version
 * @param noticeHash the SHA-256 of its content
 * @param language the language of the notice and receipt
 * @param by who made or recorded the choice
 * @param context where exactly it was made ({@code page}, {@code promptId}, {@code deviceId})
 * @param dataCategories the data categories it is narrowed to; empty for the whole purpose
 * @param recipient the recipient it is narrowed to, if any
 * @param gpc whether the request carried a Global Privacy Control signal
 * @param gpcSignal for an event Custodia recorded when it applied such a signal, the signal's id
 * @param superseded whether it was made before a choice already recorded, and so does not count
 * @param receiptUrl the path of its signed receipt
 */
public record LedgerEntry(
        UUID eventId,
        String purpose,
        String action,
        String channel,
        Instant serverTime,
        @Nullable Instant clientTime,
        String noticeKey,
        int noticeVersion,
        String noticeHash,
        String language,
        By by,
        Map<String, String> context,
        List<String> dataCategories,
        @Nullable String recipient,
        boolean gpc,
        @Nullable UUID gpcSignal,
        boolean superseded,
        String receiptUrl) {

    public LedgerEntry {
        context = Map.copyOf(context);
        dataCategories = List.copyOf(dataCategories);
    }

    /** The same entry with another context. */
    LedgerEntry withContext(Map<String, String> shown) {
        return new LedgerEntry(
                eventId,
                purpose,
                action,
                channel,
                serverTime,
                clientTime,
                noticeKey,
                noticeVersion,
                noticeHash,
                language,
                by,
                shown,
                dataCategories,
                recipient,
                gpc,
                gpcSignal,
                superseded,
                receiptUrl);
    }

    /**
     * Who made or recorded a choice.
     *
     * @param type {@code customer}, {@code agent} (staff on the customer's behalf), {@code guardian} or {@code
     *     custodia} (expiries, and opt-out signals applied)
     * @param id the agent's username or the guardian's identifier
     * @param name the agent's name when the event was recorded
     */
    public record By(
            String type, @Nullable String id, @Nullable String name) {}
}
