package io.custodia.server.privacy;

import io.custodia.server.platform.CustodiaProperties;
import io.custodia.server.platform.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The privacy center's keyed hash (HMAC-SHA256), under a key kept in {@code CUSTODIA_HOME/keys/privacy.key} and
 * shared by every instance that shares the home: codes and rate-limit buckets are stored only as such hashes, so that
 * a copy of the database reveals neither a code nor an address. Thread-safe.
 */
@Component
class PrivacyKeys {
    private final SecretKey key;

    PrivacyKeys(CustodiaProperties properties) {
        this.key = new SecretKeySpec(KeyFiles.loadOrCreate(properties, "privacy.key"), "HmacSHA256");
    }

    /** HMAC-SHA256 of the parts, each ended by a zero byte so that no two lists of parts hash alike. */
    byte[] hash(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : parts) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
