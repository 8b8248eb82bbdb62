package io.custodia.server.requests;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A data-subject request as a service or an agent files it.
 *
 * @param type {@code access}, {@code portability}, {@code rectification}, {@code erasure}, {@code restriction} or
 *     {@code objection}
 * @param subject the customer, by one of their identifiers
 * @param entity the entity that holds the customer; a token's entity when left out
 * @param channel how the customer asked: {@code web}, {@code app}, {@code email}, {@code call_center}, {@code store},
 *     {@code mail} or {@code api}; a request by {@code email} is verified by a code sent to the subject's address
 * @param language the customer's language for messages and the package, {@code en} (default) or {@code fr}
 * @param values for a rectification: the new value for each data category, such as {@code {"user.contact.phone":
 *     "+33 6 12 34 56 78"}}
 */
public record NewRequest(
        @Schema(example = "access") @Nullable String type,
        @Nullable Subject subject,
        @Schema(example = "FR") @Nullable String entity,
        @Schema(example = "call_center") @Nullable String channel,
        @Schema(example = "fr") @Nullable String language,
        @Nullable Map<String, String> values) {

    /** A customer named by one identifier. */
    public record Subject(
            @Schema(example = "email") @Nullable String scheme,

            @Schema(example = "camille@example.com") @Nullable
            String value) {}
}
