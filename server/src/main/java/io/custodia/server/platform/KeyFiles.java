package io.custodia.server.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The 256-bit keys that features keep under {@code CUSTODIA_HOME/keys}: created at random on first use, readable by
 * the owner only, never stored in the database, and shared by every instance that shares the home.
 */
public final class KeyFiles {
    /** The length of every key, in bytes. */
    public static final int KEY_BYTES = 32;

    private KeyFiles() {}

    /**
     * The bytes of the key {@code name} under {@code CUSTODIA_HOME/keys}, created first if it does not exist. When two
     * instances create it at once, both end up reading the one that was moved into place first.
     *
     * @param name the file's name, such as {@code connections.key}
     * @throws UncheckedIOException when the key cannot be read or created
     * @throws IllegalStateException when the file does not hold {@value #KEY_BYTES} bytes
     */
    public static byte[] loadOrCreate(CustodiaProperties properties, String name) {
        Path file = properties.home().resolve("keys").resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(bytes);
                Path temporary = Files.createTempFile(file.getParent(), "key", ".tmp");
                if (temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                }
                Files.write(temporary, bytes);
                try {
                    // A link fails when the name exists, where a rename would replace it: of two instances
                    // creating the key at once, the second keeps the first one's key.
                    Files.createLink(file, temporary);
                } catch (FileAlreadyExistsException raced) {
                    // Another instance created it first: read theirs.
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException("Key file " + file.getFileName() + " does not hold 32 bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key " + file.getFileName(), e);
        }
    }
}
