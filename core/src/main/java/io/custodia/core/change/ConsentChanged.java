package io.custodia.core.change;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A customer's consent state for a whole purpose after a new consent event.
 *
 * <p>Sent after every recorded event, even when the status stays the same (a renewed grant moves {@code since} and
 * {@code expiresAt}). A granted state turns expired at {@code expiresAt} without a further change: replicas apply
 * that themselves.
 *
 * @param subjectId the customer
 * @param entityCode the entity that holds the customer
 * @param purpose the purpose's key, such as {@code marketing.personalised_offers}
 * @param status the state's status in lower case, as the API writes it: {@code none}, {@code granted}, {@code
 *     refused}, {@code withdrawn}, {@code objected}, {@code expired} or {@code reconsent_required}
 * @param since when the state took effect; for {@code none}, the time of the event that left the purpose in it
 * @param expiresAt for a grant that must be renewed, the first instant at which it is no longer in force; else null
 */
public record ConsentChanged(
        UUID subjectId,
        String entityCode,
        String purpose,
        String status,
        Instant since,
        @Nullable Instant expiresAt) implements Change {

    /** The type of this change. */
    public static final String TYPE = "consent.changed";

    public ConsentChanged {
        TermKey.of(purpose);
        if (!status.equals(status.toLowerCase(Locale.ROOT)) || status.isBlank()) {
            throw InvalidInputException.of("status", "a consent status in lower case, such as granted; got " + status);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
