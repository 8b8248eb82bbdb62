package io.custodia.server.subjects;

import io.custodia.server.platform.CustodiaProperties;
import io.custodia.server.platform.KeyFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The key material of the subjects feature: a lookup key for keyed hashes and a master key that wraps each
 * subject's data key. Both are 256-bit random keys created on first start under {@code CUSTODIA_HOME/keys},
 * readable by the owner only, and never stored in the database.
 *
 * <p>Thread-safe: JCE objects are created per call.
 */
@Component
class SubjectKeys {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey lookupKey;
    private final SecretKey masterKey;

    SubjectKeys(CustodiaProperties properties) {
        this.lookupKey = new SecretKeySpec(KeyFiles.loadOrCreate(properties, "subject-lookup.key"), "HmacSHA256");
        this.masterKey = new SecretKeySpec(KeyFiles.loadOrCreate(properties, "subject-master.key"), "AES");
    }

    /** The keyed hash that finds an identifier: HMAC-SHA256 over entity, scheme and canonical value. */
    byte[] lookupHash(String entityCode, SubjectIdentifier identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return mac.doFinal((entityCode + "\u0000" + identifier.scheme().key() + "\u0000" + identifier.value())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** A fresh data key for a new subject. */
    SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is unavailable", e);
        }
    }

    byte[] wrap(SecretKey dataKey) {
        return encrypt(masterKey, dataKey.getEncoded());
    }

    SecretKey unwrap(byte[] wrapped) {
        return new SecretKeySpec(decrypt(masterKey, wrapped), "AES");
    }

    byte[] encrypt(SecretKey key, byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    byte[] decrypt(SecretKey key, byte[] nonceAndCiphertext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndCiphertext, 0, NONCE_BYTES));
            return cipher.doFinal(nonceAndCiphertext, NONCE_BYTES, nonceAndCiphertext.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: wrong key or altered data", e);
        }
    }
}
