package io.custodia.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The hash chain of the audit log.
 *
 * <p>An entry's hash is {@code SHA-256(previousHash + "\n" + canonical(entry))}, hex-encoded, where the
 * canonical form joins the fields with newlines in a fixed order and writes the time as ISO-8601 UTC. The first
 * entry's previous hash is 64 zeros. Changing any past entry changes its hash and breaks every link after it.
 */
public final class AuditChain {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /**
     * The fields of an entry that its hash covers.
     *
     * @param payloadDigest hex SHA-256 of the change's canonical JSON
     */
    public record Entry(
            long seq,
            Instant recordedAt,
            String actor,
            String action,
            String objectType,
            String objectId,
            @Nullable String entityCode,
            String payloadDigest) {

        String canonical() {
            return String.join(
                    "\n",
                    Long.toString(seq),
                    recordedAt.toString(),
                    actor,
                    action,
                    objectType,
                    objectId,
                    entityCode == null ? "" : entityCode,
                    payloadDigest);
        }
    }

    /** The hash of {@code entry} chained after {@code previousHash}. */
    public static String hash(String previousHash, Entry entry) {
        return sha256Hex((previousHash + "\n" + entry.canonical()).getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
