package io.custodia.server.consent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A customer's choice as a client sends it, before it is checked. Every field is optional here so that every
 * missing or malformed one can be reported at once, each by its name.
 *
 * @param subject the customer, named by one of their identifiers
 * @param entity the code of the entity that holds the customer; a service token's entity when left out
 * @param purpose the purpose's key
 * @param action {@code granted}, {@code refused}, {@code withdrawn} or {@code objected}
 * @param noticeVersion the version of the purpose's notice the customer was shown
 * @param channel where the choice was made: {@code web}, {@code app}, {@code store}, {@code call_center}, {@code
 *     iot_device}, {@code api} or {@code import}
 * @param context where exactly, for the proof
 * @param clientTime when the device says the choice was made (ISO-8601 instant); evidence only
 * @param dataCategories data categories the choice is narrowed to; absent for the whole purpose
 * @param recipient the recipient (a key of the entity's register) the choice is narrowed to
 * @param agent the staff member who took the choice for the customer; a staff caller is always recorded as the agent,
 *     so this may only name the caller; a service names the company's agent here, or leaves it out for the customer's
 *     own choice
 * @param idempotencyKey in a batch, the key that makes a retry safe; a single request sends it as the {@code
 *     Idempotency-Key} header instead
 * @param guardian the holder of parental responsibility who made the choice for a child, named by one of their own
 *     identifiers; they must be linked to the child as a guardian. Below the jurisdiction's age of digital consent only
 *     a guardian can grant
 */
public record ConsentRequest(
        @Nullable Subject subject,
        @Schema(example = "FR") @Nullable String entity,

        @Schema(example = "marketing.personalised_offers") @Nullable
        String purpose,

        @Schema(example = "granted") @Nullable String action,
        @Schema(example = "1") @Nullable Integer noticeVersion,
        @Schema(example = "web") @Nullable String channel,
        @Nullable Context context,
        @Schema(example = "2026-03-01T09:00:00Z") @Nullable String clientTime,
        @Nullable List<String> dataCategories,
        @Nullable String recipient,
        @Nullable String agent,
        @Nullable String idempotencyKey,
        @Nullable Subject guardian) {

    /** The same request with this idempotency key. */
    public ConsentRequest withIdempotencyKey(@Nullable String key) {
        return new ConsentRequest(
                subject,
                entity,
                purpose,
                action,
                noticeVersion,
                channel,
                context,
                clientTime,
                dataCategories,
                recipient,
                agent,
                key,
                guardian);
    }

    /**
     * A customer's identifier.
     *
     * @param scheme {@code customer_id}, {@code email}, {@code phone} or {@code device_id}
     * @param value the identifier
     */
    public record Subject(
            @Schema(example = "customer_id") @Nullable String scheme,
            @Schema(example = "FR-0000042") @Nullable String value) {}

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
            @Nullable String deviceId) {}
}
