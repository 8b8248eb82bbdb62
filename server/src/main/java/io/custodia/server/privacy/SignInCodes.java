package io.custodia.server.privacy;

import io.custodia.server.audit.AuditTrail;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time sign-in codes: {@value #DIGITS} digits from {@link SecureRandom}, valid {@link #VALIDITY}, used once, at
 * most {@value #MAX_ATTEMPTS} tries.
 *
 * <p>Every request for a code starts a challenge, whether or not the address names a customer: for someone unknown
 * the challenge holds no customer and no code can pass it, but it expires, counts tries and runs out exactly like a
 * real one, so nothing a visitor sees tells the two apart. Only a keyed hash of the code is stored ({@link
 * PrivacyKeys}), bound to its challenge.
 */
@Component
class SignInCodes {
    static final int DIGITS = 6;
    static final Duration VALIDITY = Duration.ofMinutes(10);
    static final int MAX_ATTEMPTS = 5;

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final PrivacyKeys keys;
    private final AuditTrail audit;
    private final Clock clock;

    SignInCodes(JdbcClient jdbc, PrivacyKeys keys, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A new challenge and its code, in clear for the message only.
     *
     * @param id the challenge, which the customer's session remembers
     * @param code the digits to send
     */
    record Issued(UUID id, String code) {}

    /** What a try of a code gave. */
    sealed interface Outcome {
        /** The code was right: the customer is signed in, and the code is used up. */
        record SignedIn(UUID subjectId) implements Outcome {}

        /** The code was wrong; the customer may try again this many times. */
        record Wrong(int attemptsLeft) implements Outcome {}

        /** No try is possible any more: the challenge expired, was used, or ran out of tries. Ask for a new code. */
        record Over() implements Outcome {}
    }

    /**
     * Starts a challenge for one address of an entity.
     *
     * @param subjectId the customer the address names, or null for an address that names no one
     */
    @Transactional
    Issued start(String entityCode, @Nullable UUID subjectId) {
        Instant now = clock.instant();
        jdbc.sql("delete from privacy_sign_in where expires_at < ?")
                .param(OffsetDateTime.ofInstant(now.minus(Duration.ofDays(1)), ZoneOffset.UTC))
                .update();
        UUID id = UUID.randomUUID();
        String code = newCode();
        jdbc.sql("""
                        insert into privacy_sign_in (id, entity_code, subject_id, code_hash, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(java.util.Arrays.asList(
                        id,
                        entityCode,
                        subjectId,
                        keys.hash("code", id.toString(), code),
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(now.plus(VALIDITY), ZoneOffset.UTC)))
                .update();
        return new Issued(id, code);
    }

    /** Tries a sign-in code against a challenge of the entity; every try counts, right or wrong. */
    @Transactional
    Outcome attempt(UUID challengeId, String entityCode, String code) {
        return attempt(challengeId, entityCode, code, "privacy.signed_in");
    }

    /**
     * Tries a code against a challenge of the entity; every try counts, right or wrong.
     *
     * @param auditAction the audit log's name of what a right code proves, such as {@code privacy.signed_in}
     */
    @Transactional
    Outcome attempt(UUID challengeId, String entityCode, String code, String auditAction) {
        Optional<Challenge> found = jdbc.sql("""
                        select subject_id, code_hash, expires_at, attempts, used_at from privacy_sign_in
                        where id = ? and entity_code = ? for update""")
                .params(challengeId, entityCode)
                .query((rs, row) -> new Challenge(
                        rs.getObject("subject_id", UUID.class),
                        rs.getBytes("code_hash"),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("attempts"),
                        rs.getObject("used_at", OffsetDateTime.class) != null))
                .optional();
        if (found.isEmpty()) {
            return new Outcome.Over();
        }
        Challenge challenge = found.get();
        Instant now = clock.instant();
        if (challenge.used() || challenge.attempts() >= MAX_ATTEMPTS || !now.isBefore(challenge.expiresAt())) {
            return new Outcome.Over();
        }
        int attempts = challenge.attempts() + 1;
        // Compared in constant time, and for an unknown address too, so that both take the same path.
        boolean right = MessageDigest.isEqual(challenge.codeHash(), keys.hash("code", challengeId.toString(), code));
        UUID subject = challenge.subjectId();
        if (right && subject != null) {
            jdbc.sql("update privacy_sign_in set attempts = ?, used_at = ? where id = ?")
                    .params(attempts, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), challengeId)
                    .update();
            // Who opened the customer's privacy center (or proved a request theirs), and when, is on the record like
            // every access to their data.
            audit.record(
                    "customer:" + subject,
                    auditAction,
                    "subject",
                    subject.toString(),
                    entityCode,
                    Map.of("challengeId", challengeId.toString(), "attempts", attempts));
            return new Outcome.SignedIn(subject);
        }
        jdbc.sql("update privacy_sign_in set attempts = ? where id = ?")
                .params(attempts, challengeId)
                .update();
        return attempts >= MAX_ATTEMPTS ? new Outcome.Over() : new Outcome.Wrong(MAX_ATTEMPTS - attempts);
    }

    private String newCode() {
        int bound = (int) Math.pow(10, DIGITS);
        return String.format(java.util.Locale.ROOT, "%0" + DIGITS + "d", random.nextInt(bound));
    }

    private record Challenge(
            @Nullable UUID subjectId, byte[] codeHash, Instant expiresAt, int attempts, boolean used) {}
}
