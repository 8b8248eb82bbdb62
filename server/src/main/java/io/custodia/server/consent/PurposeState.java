package io.custodia.server.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custodia.core.consent.ConsentState;
import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A customer's consent state for one whole purpose, as the API shows it. Every field is written, null when it does
 * not apply, so that the shape never changes.
 *
 * @param purpose the purpose's key
 * @param status {@code none}, {@code granted}, {@code refused}, {@code withdrawn}, {@code objected}, {@code expired}
 *     or {@code reconsent_required}
 * @param since when the state took effect (for {@code reconsent_required}, when the grant was given); null for none
 * @param expiresAt for a grant that must be renewed, the first instant at which it is no longer in force
 * @param noticeVersion the notice version the customer consented to, for a grant or a grant to renew
 * @param askAgainAfter for a refusal, the first instant at which the customer may be asked again
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PurposeState(
        String purpose,
        String status,
        @Nullable Instant since,
        @Nullable Instant expiresAt,
        @Nullable Integer noticeVersion,
        @Nullable Instant askAgainAfter) {

    /** The API's view of a folded state. */
    static PurposeState of(TermKey purpose, ConsentState state) {
        String status = state.status().name().toLowerCase(Locale.ROOT);
        String key = purpose.value();
        if (state instanceof ConsentState.Granted granted) {
            return new PurposeState(key, status, granted.since(), granted.expiresAt(), granted.noticeVersion(), null);
        }
        if (state instanceof ConsentState.Refused refused) {
            return new PurposeState(key, status, refused.since(), null, null, refused.askAgainAfter());
        }
        if (state instanceof ConsentState.Withdrawn withdrawn) {
            return new PurposeState(key, status, withdrawn.since(), null, null, null);
        }
        if (state instanceof ConsentState.Objected objected) {
            return new PurposeState(key, status, objected.since(), null, null, null);
        }
        if (state instanceof ConsentState.Expired expired) {
            return new PurposeState(key, status, expired.since(), null, null, null);
        }
        if (state instanceof ConsentState.ReconsentRequired reconsent) {
            return new PurposeState(key, status, reconsent.grantedAt(), null, reconsent.noticeVersion(), null);
        }
        return new PurposeState(key, status, null, null, null, null);
    }
}
