package io.custodia.server.privacy;

import io.custodia.server.platform.CustodiaProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
        this.key = loadOrCreate(properties.home().resolve("keys").resolve("privacy.key"));
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

    private static SecretKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Path temporary = Files.createTempFile(file.getParent(), "key", ".tmp");
                if (temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                }
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // Another instance created it first: use theirs.
                    Files.deleteIfExists(temporary);
                }
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != 32) {
                throw new IllegalStateException("Key file " + file.getFileName() + " does not hold 32 bytes");
            }
            return new SecretKeySpec(bytes, "HmacSHA256");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key " + file.getFileName(), e);
        }
    }
}
