package io.custodia.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Signs staff in with their username and password (HTTP Basic on the API, the console's login form), remembering
 * a successful check for a few minutes.
 *
 * <p>Verifying an Argon2id hash costs about 50 ms of CPU by design, and HTTP Basic sends the password with every
 * request, so without memory two cores verify about twenty requests a second. A successful check is remembered
 * under a keyed digest of the username and password (HMAC-SHA-256 with a key drawn at start, so the entries are
 * worthless outside this process), together with the stored hash it matched. The account is read on every request
 * all the same, so a disabled account, a changed role or a changed password (its stored hash no longer matches the
 * remembered one) takes effect at once; only the expensive hash comparison is skipped.
 *
 * <p>Thread-safe.
 */
@Component
class StaffAuthentication implements AuthenticationProvider {
    static final Duration REMEMBERED = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;

    private final StaffAccounts accounts;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** A hash to compare against for unknown usernames, so that they take as long as wrong passwords. */
    private final String unknownUserHash;

    private record Verified(String passwordHash, Instant until) {}

    StaffAuthentication(StaffAccounts accounts, PasswordEncoder passwordEncoder, Clock clock) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.unknownUserHash = Objects.requireNonNull(passwordEncoder.encode("no such account"));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        Optional<StaffPrincipal> found = accounts.find(username);
        if (found.isEmpty()) {
            passwordEncoder.matches(password, unknownUserHash);
            throw new BadCredentialsException("Bad credentials");
        }
        StaffPrincipal principal = found.get();
        String remembered = digest(username, password);
        Instant now = clock.instant();
        Verified earlier = verified.get(remembered);
        boolean matches = earlier != null
                && earlier.until().isAfter(now)
                && earlier.passwordHash().equals(principal.getPassword());
        if (!matches) {
            if (!passwordEncoder.matches(password, principal.getPassword())) {
                throw new BadCredentialsException("Bad credentials");
            }
            remember(remembered, new Verified(principal.getPassword(), now.plus(REMEMBERED)), now);
        }
        if (!principal.isEnabled()) {
            throw new DisabledException("The account is disabled");
        }
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private void remember(String digest, Verified entry, Instant now) {
        if (verified.size() >= MAX_REMEMBERED) {
            verified.values().removeIf(old -> !old.until().isAfter(now));
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
        }
        verified.put(digest, entry);
    }

    private String digest(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }
}
