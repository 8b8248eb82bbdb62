package io.custodia.client;

import io.custodia.core.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A customer's choice about a purpose, as a service collected it, to be recorded with {@link
 * CustodiaClient#record(ConsentRecord)}. The entity is the client's.
 *
 * <p>Start with {@link #of} and add what applies with the {@code with} methods; the server checks every field and
 * names the ones it refuses.
 *
 * @param subject the customer
 * @param purpose the purpose's key, such as {@code marketing.personalised_offers}
 * @param action {@code granted}, {@code refused}, {@code withdrawn} or {@code objected}
 * @param noticeVersion the version of the purpose's notice the customer was shown
 * @param channel where the choice was made: {@code web}, {@code app}, {@code store}, {@code call_center}, {@code
 *     iot_device}, {@code api} or {@code import}
 * @param context where exactly, for the proof
 * @param clientTime when the customer's device says the choice was made, or null
 * @param dataCategories the data categories the choice is narrowed to; empty for the whole purpose
 * @param recipient the recipient the choice is narrowed to, or null
 * @param agent the company's agent who took the choice for the customer, or null for the customer's own choice
 * @param guardian the holder of parental responsibility who made the choice for a child, or null
 */
public record ConsentRecord(
        SubjectId subject,
        String purpose,
        String action,
        int noticeVersion,
        String channel,
        Context context,
        @Nullable Instant clientTime,
        List<String> dataCategories,
        @Nullable String recipient,
        @Nullable String agent,
        @Nullable SubjectId guardian) {

    public ConsentRecord {
        if (purpose.isBlank()) {
            throw InvalidInputException.of("purpose", "name the purpose");
        }
        if (action.isBlank()) {
            throw InvalidInputException.of("action", "say what the customer chose, such as granted");
        }
        if (channel.isBlank()) {
            throw InvalidInputException.of("channel", "say where the choice was made, such as web");
        }
        dataCategories = List.copyOf(dataCategories);
    }

    /**
     * Where the choice was made.
     *
     * @param page the page or screen
     * @param promptId the consent prompt shown
     * @param deviceId the device, for choices made on a connected object
     */
    public record Context(
            @Nullable String page,
            @Nullable String promptId,
            @Nullable String deviceId) {
        /** No context. */
        public static final Context NONE = new Context(null, null, null);
    }

    /** A choice with no context, narrowing, agent or guardian. */
    public static ConsentRecord of(
            SubjectId subject, String purpose, String action, int noticeVersion, String channel) {
        return new ConsentRecord(
                subject, purpose, action, noticeVersion, channel, Context.NONE, null, List.of(), null, null, null);
    }

    /** The same choice, made on a page through a prompt. */
    public ConsentRecord withContext(Context where) {
        return new ConsentRecord(
                subject,
                purpose,
                action,
                noticeVersion,
                channel,
                where,
                clientTime,
                dataCategories,
                recipient,
                agent,
                guardian);
    }

    /** The same choice, with the time the customer's device gives. */
    public ConsentRecord withClientTime(Instant at) {
        return new ConsentRecord(
                subject,
                purpose,
                action,
                noticeVersion,
                channel,
                context,
                at,
                dataCategories,
                recipient,
                agent,
                guardian);
    }

    /** The same choice, narrowed to some data categories and, when not null, one recipient. */
    public ConsentRecord narrowedTo(List<String> categories, @Nullable String recipientKey) {
        return new ConsentRecord(
                subject,
                purpose,
                action,
                noticeVersion,
                channel,
                context,
                clientTime,
                categories,
                recipientKey,
                agent,
                guardian);
    }

    /** The same choice, taken by the company's agent for the customer. */
    public ConsentRecord byAgent(String agentName) {
        return new ConsentRecord(
                subject,
                purpose,
                action,
                noticeVersion,
                channel,
                context,
                clientTime,
                dataCategories,
                recipient,
                agentName,
                guardian);
    }

    /** The same choice, made by a holder of parental responsibility for a child. */
    public ConsentRecord byGuardian(SubjectId parent) {
        return new ConsentRecord(
                subject,
                purpose,
                action,
                noticeVersion,
                channel,
                context,
                clientTime,
                dataCategories,
                recipient,
                agent,
                parent);
    }
}
