package io.custodia.server.register;

import io.custodia.core.register.Recipient;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A recipient of an entity's personal data, as the API reads and writes it.
 *
 * @param role {@code processor}, {@code controller}, {@code joint_controller} or {@code public_authority}
 * @param country ISO 3166-1 alpha-2 code of where it is established
 * @param dpaReference reference of the data-processing agreement
 * @param dpaExpiresOn the day the agreement ends
 * @param status {@code approved}, {@code conditional} or {@code suspended}
 * @param dpfCertified certified under the EU-US Data Privacy Framework; absent means not
 */
public record RecipientEntry(
        String entity,
        String key,
        String name,
        String role,
        String country,
        @Nullable String dpaReference,
        @Nullable LocalDate dpaExpiresOn,
        String status,
        Boolean dpfCertified) {

    public RecipientEntry {
        dpfCertified = Boolean.TRUE.equals(dpfCertified);
    }

    static RecipientEntry of(String entity, Recipient recipient) {
        return new RecipientEntry(
                entity,
                recipient.key(),
                recipient.name(),
                recipient.role().key(),
                recipient.country(),
                recipient.dpaReference(),
                recipient.dpaExpiresOn(),
                recipient.status().key(),
                recipient.dpfCertified());
    }
}
