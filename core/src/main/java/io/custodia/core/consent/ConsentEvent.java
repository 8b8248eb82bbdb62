package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the append-only consent ledger: a choice a customer made about one purpose, or the lapse of a grant,
 * with what is needed to prove it (GDPR Art. 7(1)).
 *
 * <p>Events are never changed or deleted; the current consent state is their fold ({@link ConsentFold}).
 *
 * @param eventId the ledger's id of this event
 * @param subjectId the customer the event is about
 * @param purpose the purpose chosen about
 * @param scope the data categories and recipient the choice is narrowed to; {@link ConsentScope#WHOLE_PURPOSE} when
 *     it covers the whole purpose
 * @param action what was chosen
 * @param noticeVersion the version of the purpose's notice the customer was shown, from 1
 * @param noticeHash the lower-case hex SHA-256 of that notice's content, which proves what the customer read
 * @param channel where the choice was made
 * @param clientTime when the device says the choice was made, or null when it did not say; kept as evidence only,
 *     since device clocks can be wrong or set on purpose
 * @param serverTime when Custodia recorded the event; this, not the client time, orders the ledger
 * @param actor who made the choice
 * @param idempotencyKey the key the client sent so that a retried request records the event once; 1 to 200 visible
 *     ASCII characters
 */
public record ConsentEvent(
        UUID eventId,
        UUID subjectId,
        TermKey purpose,
        ConsentScope scope,
        ConsentAction action,
        int noticeVersion,
        String noticeHash,
        Channel channel,
        @Nullable Instant clientTime,
        Instant serverTime,
        Actor actor,
        String idempotencyKey) {

    private static final Pattern SHA_256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    /** Checks every field and reports all broken rules at once. */
    public ConsentEvent {
        List<FieldError> errors = new ArrayList<>();
        if (noticeVersion < 1) {
            errors.add(new FieldError("noticeVersion", "notice versions start at 1, got " + noticeVersion));
        }
        if (!SHA_256_HEX.matcher(noticeHash).matches()) {
            errors.add(new FieldError(
                    "noticeHash", "must be the SHA-256 of the notice's content as 64 lower-case hexadecimal digits"));
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            errors.add(new FieldError("idempotencyKey", "must be 1 to 200 visible ASCII characters, without spaces"));
        }
        // Custodia records the lapse of a grant, and applies an opt-out signal the customer's browser sent (Global
        // Privacy Control) as a withdrawal or objection where the jurisdiction gives it that effect. It never grants
        // or refuses: saying yes, or answering a question, is always a person's choice.
        boolean byCustodia = actor instanceof Actor.Custodia;
        if (action.systemGenerated() && !byCustodia) {
            errors.add(
                    new FieldError("actor", "'" + action.key() + "' is recorded by Custodia itself, not by a person"));
        } else if (byCustodia && (action == ConsentAction.GRANTED || action == ConsentAction.REFUSED)) {
            errors.add(new FieldError(
                    "actor", "Custodia never makes a choice for a customer; '" + action.key() + "' needs a person"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("the consent event is not valid", errors);
        }
    }
}
