package io.custodia.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A customer's consent state for one whole purpose, as the server reports it after recording a choice.
 *
 * @param purpose the purpose's key
 * @param status {@code none}, {@code granted}, {@code refused}, {@code withdrawn}, {@code objected}, {@code expired}
 *     or {@code reconsent_required}
 * @param since when the state took effect, or null for none
 * @param expiresAt for a grant that must be renewed, the first instant it is no longer in force, else null
 * @param noticeVersion the notice version consented to, for a grant or a grant to renew, else null
 * @param askAgainAfter for a refusal, the first instant the customer may be asked again, else null
 */
public record PurposeState(
        String purpose,
        String status,
        @Nullable Instant since,
        @Nullable Instant expiresAt,
        @Nullable Integer noticeVersion,
        @Nullable Instant askAgainAfter) {}
