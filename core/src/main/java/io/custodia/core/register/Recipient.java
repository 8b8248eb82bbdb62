package io.custodia.core.register;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A recipient of personal data as the register knows it: a processor, a partner controller or an authority.
 *
 * @param key the entity-unique key, e.g. {@code billing-partner}
 * @param country ISO 3166-1 alpha-2 code of where it is established
 * @param dpaReference the reference of the data-processing agreement, when there is one
 * @param dpaExpiresOn the day the agreement ends, when it has an end
 * @param dpfCertified whether it is certified under the EU-US Data Privacy Framework
 */
public record Recipient(
        String key,
        String name,
        RecipientRole role,
        String country,
        @Nullable String dpaReference,
        @Nullable LocalDate dpaExpiresOn,
        RecipientStatus status,
        boolean dpfCertified) {}
