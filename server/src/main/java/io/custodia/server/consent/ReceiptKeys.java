package io.custodia.server.consent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.custodia.server.platform.CustodiaProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The key pairs that sign consent receipts, kept in {@code CUSTODIA_HOME/keys/receipts/}: one JWK file per key
 * ({@code <kid>.jwk}, private, owner-only) and a file {@code active} naming the key that signs.
 *
 * <p>The first start creates a P-256 key (ES256). Rotating creates a new key with a new {@code kid} and makes it the
 * one that signs; old keys stay, so their public halves stay in the published key set and every receipt signed
 * before keeps verifying. Thread-safe: readers see one immutable snapshot, rotations are serialised.
 */
@Component
class ReceiptKeys {
    private static final String ACTIVE = "active";
    private static final String EXTENSION = ".jwk";
    private static final DateTimeFormatter KID_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final Clock clock;
    private volatile Keys keys;
    private final ConcurrentMap<String, ECDSASigner> oldSigners = new ConcurrentHashMap<>();

    /** The keys at one moment: the one that signs, with its signer, and every key, newest first. */
    record Keys(ECKey active, ECDSASigner signer, List<ECKey> all) {
        Keys {
            all = List.copyOf(all);
        }
    }

    ReceiptKeys(CustodiaProperties properties, Clock clock) {
        this.folder = properties.home().resolve("keys").resolve("receipts");
        this.clock = clock;
        this.keys = loadOrCreate();
    }

    /** The key that signs now, with its signer. */
    Keys current() {
        return keys;
    }

    /**
     * The signer of a key by its id: the active key, or one that signed before a rotation, whose receipts may still
     * be waiting for their signature.
     *
     * @throws IllegalStateException when no such key is kept
     */
    ECDSASigner signer(String kid) {
        Keys now = keys;
        if (now.active().getKeyID().equals(kid)) {
            return now.signer();
        }
        return oldSigners.computeIfAbsent(
                kid,
                id -> signer(now.all().stream()
                        .filter(key -> key.getKeyID().equals(id))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("The receipt key " + id + " is not in " + folder
                                + ": its receipts cannot be signed"))));
    }

    /** The public halves of every key, newest first: what verifiers fetch. */
    JWKSet publicKeys() {
        return new JWKSet(
                keys.all().stream().map(key -> (JWK) key.toPublicJWK()).toList());
    }

    /**
     * Makes a new key the one that signs; the old ones stay published.
     *
     * @return the new key's id
     */
    synchronized String rotate() {
        ECKey created = generate();
        write(created);
        keys = load();
        return created.getKeyID();
    }

    private synchronized Keys loadOrCreate() {
        try {
            Files.createDirectories(folder);
            if (listKeys().isEmpty()) {
                write(generate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the receipt keys folder " + folder, e);
        }
        return load();
    }

    private Keys load() {
        List<ECKey> all = new ArrayList<>(listKeys());
        all.sort(Comparator.comparingLong(ReceiptKeys::issuedAt)
                .thenComparing(ECKey::getKeyID)
                .reversed());
        String activeId = readActive();
        ECKey active = all.stream()
                .filter(key -> key.getKeyID().equals(activeId))
                .findFirst()
                .orElse(all.get(0));
        return new Keys(active, signer(active), all);
    }

    private static ECDSASigner signer(ECKey key) {
        try {
            ECDSASigner signer = new ECDSASigner(key);
            // Bouncy Castle signs P-256 about three times faster than the JDK 17 provider, and receipts are signed
            // on the request path.
            signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            return signer;
        } catch (JOSEException e) {
            throw new IllegalStateException("The receipt key " + key.getKeyID() + " cannot sign", e);
        }
    }

    private List<ECKey> listKeys() {
        try (Stream<Path> files = Files.list(folder)) {
            List<ECKey> found = new ArrayList<>();
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(EXTENSION))
                    .sorted()
                    .toList()) {
                found.add(ECKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the receipt keys in " + folder, e);
        } catch (ParseException e) {
            throw new IllegalStateException("A receipt key file in " + folder + " is not a JWK", e);
        }
    }

    private static long issuedAt(ECKey key) {
        Date issued = key.getIssueTime();
        return issued == null ? 0 : issued.toInstant().toEpochMilli();
    }

    private String readActive() {
        Path file = folder.resolve(ACTIVE);
        try {
            return Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).strip()
                    : "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private ECKey generate() {
        byte[] random = new byte[4];
        new java.security.SecureRandom().nextBytes(random);
        String kid = "receipts-" + KID_DATE.format(clock.instant()) + "-"
                + HexFormat.of().formatHex(random);
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .issueTime(Date.from(clock.instant()))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a P-256 key pair", e);
        }
    }

    /** Writes a key, then points {@code active} at it, each file replaced atomically. */
    private void write(ECKey key) {
        try {
            writeAtomically(folder.resolve(key.getKeyID() + EXTENSION), key.toJSONString());
            writeAtomically(folder.resolve(ACTIVE), key.getKeyID());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the receipt key " + key.getKeyID(), e);
        }
    }

    private void writeAtomically(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(folder, "key", ".tmp");
        if (temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
