package io.custodia.server.connectors;

import io.custodia.server.platform.CustodiaProperties;
import io.custodia.server.platform.KeyFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The keys of the connectors feature, kept in {@code CUSTODIA_HOME/keys}: {@code connections.key} encrypts the
 * passwords and signing secrets of connections (AES-256-GCM, the connection's id as associated data), and {@code
 * erasure-hash.key} is the secret of the {@code keyed_hash} erasure strategy, the same for every erasure so that a
 * value erased twice gives the same hash. Thread-safe: JCE objects are made per call.
 */
@Component
class ConnectorKeys {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey secretsKey;
    private final byte[] erasureHashKey;

    ConnectorKeys(CustodiaProperties properties) {
        this.secretsKey = new SecretKeySpec(KeyFiles.loadOrCreate(properties, "connections.key"), "AES");
        this.erasureHashKey = KeyFiles.loadOrCreate(properties, "erasure-hash.key");
    }

    /** The secret, sealed for the connection: a random 12-byte nonce, then the ciphertext and its 16-byte tag. */
    byte[] seal(long connectionId, String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, secretsKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(connectionId));
            byte[] ciphertext = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * The secret that {@link #seal} sealed for this connection.
     *
     * @throws IllegalStateException when the key is not the one that sealed it, or the bytes were altered or belong
     *     to another connection
     */
    String open(long connectionId, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secretsKey, new GCMParameterSpec(TAG_BITS, ciphertext, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(connectionId));
            return new String(
                    cipher.doFinal(ciphertext, NONCE_BYTES, ciphertext.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The secret of connection " + connectionId + " cannot be decrypted: wrong key or altered data", e);
        }
    }

    /** The secret of keyed hashes in erasures (a copy). */
    byte[] erasureHashKey() {
        return erasureHashKey.clone();
    }

    private static byte[] associatedData(long connectionId) {
        return ("custodia-connection:" + connectionId).getBytes(StandardCharsets.US_ASCII);
    }
}
