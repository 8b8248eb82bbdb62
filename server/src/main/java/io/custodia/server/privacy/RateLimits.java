package io.custodia.server.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rate limits of the privacy center's sign-in and of the consent prompt's recording: fixed windows counted in PostgreSQL, one upsert per hit.
 *
 * <p>Why a table and not an in-memory token bucket: Custodia may run as several instances behind a load balancer, and
 * an attacker who spreads guesses over instances must meet one limit, which the shared database gives without a new
 * piece of infrastructure. The cost is one small write per sign-in step, which is rare traffic. A fixed window lets a
 * burst of twice the limit straddle two windows; the limits below are set with that in mind.
 */
@Component
class RateLimits {
    /** What is limited, with its limit per window. */
    enum Limit {
        /** Codes asked for one address of one entity. */
        CODES_PER_ADDRESS(3, Duration.ofMinutes(15)),
        /** Codes asked from one IP address. */
        CODES_PER_IP(20, Duration.ofMinutes(15)),
        /** Codes tried from one IP address. */
        GUESSES_PER_IP(30, Duration.ofMinutes(15)),
        /** Requests recording choices sent by the consent prompt from one IP address. */
        PROMPT_CHOICES_PER_IP(120, Duration.ofMinutes(15));

        final int hits;
        final Duration window;

        Limit(int hits, Duration window) {
            this.hits = hits;
            this.window = window;
        }
    }

    private final JdbcClient jdbc;
    private final PrivacyKeys keys;
    private final Clock clock;

    RateLimits(JdbcClient jdbc, PrivacyKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Counts one hit of the key and says whether it is within the limit. A hit over the limit counts too, so that
     * hammering does not reopen the window early.
     *
     * @param key what is limited, such as an IP address; stored only as a keyed hash
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    boolean allow(Limit limit, String key) {
        Instant now = clock.instant();
        long windowSeconds = limit.window.toSeconds();
        Instant windowStart = Instant.ofEpochSecond(now.getEpochSecond() / windowSeconds * windowSeconds);
        int hits = jdbc.sql("""
                        insert into privacy_rate_limit (bucket, window_start, hits) values (?, ?, 1)
                        on conflict (bucket, window_start) do update set hits = privacy_rate_limit.hits + 1
                        returning hits""")
                .params(keys.hash("rate", limit.name(), key), OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC))
                .query(Integer.class)
                .single();
        return hits <= limit.hits;
    }

    /** Forgets windows that ended a day ago or more. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void forgetOld() {
        jdbc.sql("delete from privacy_rate_limit where window_start < ?")
                .param(OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(1)), ZoneOffset.UTC))
                .update();
    }
}
