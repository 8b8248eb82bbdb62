package io.custodia.core.dataset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pure functions behind the replacing erasure strategies, and the secret key and source of randomness of one
 * erasure.
 *
 * <p>Instances are immutable and thread-safe when their random generator is (a {@link SecureRandom} is). The key
 * is copied in and never leaves: {@link #toString()} does not show it.
 */
public final class Masking {
    /** HMAC-SHA256 keys shorter than its output weaken it; 32 bytes is the floor. */
    public static final int MIN_KEY_BYTES = 32;

    private static final HexFormat HEX = HexFormat.of();
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final byte[] key;
    private final RandomGenerator random;

    private Masking(byte[] key, RandomGenerator random) {
        this.key = key.clone();
        this.random = random;
    }

    /**
     * The masking of one erasure.
     *
     * @param key the secret of keyed hashes, at least {@value #MIN_KEY_BYTES} bytes; keep it to recognise the same
     *     value in later erasures, destroy it to make keyed hashes unlinkable for good
     * @param random the source of random replacements; a {@link SecureRandom} in production, a seeded generator in
     *     tests
     * @throws IllegalArgumentException if the key is too short
     */
    public static Masking of(byte[] key, RandomGenerator random) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("A keyed-hash key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        return new Masking(key, random);
    }

    /** The SHA-256 of the UTF-8 bytes of {@code text}, in 64 lower-case hexadecimal characters. */
    public static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The HMAC-SHA256 of the UTF-8 bytes of {@code text} under {@code key}, in 64 lower-case hexadecimal characters. */
    public static String hmacSha256Hex(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }

    /**
     * A random value of the same type and shape as {@code value}.
     *
     * <ul>
     *   <li>Text keeps its number of characters and its punctuation: each digit becomes a random digit (not 0 right
     *       after a {@code +}), each upper-case letter a random upper-case ASCII letter, each other letter a random
     *       lower-case ASCII letter; every other character ({@code @}, {@code .}, {@code +}, {@code -}, spaces)
     *       stays. {@code jane.doe@example.com} becomes something like
     *       {@code qzmx.kwp@hqtrbwx.vtu}, {@code +33 6 12 34 56 78} a phone-looking number.
     *   <li>Integers ({@code Integer}, {@code Long}, {@code Short}, {@code BigInteger}) and decimals ({@code
     *       BigDecimal}) keep their sign, number of digits and scale; {@code Double} and {@code Float} their sign and
     *       order of magnitude.
     *   <li>Booleans are drawn at random; dates and times get a random day of the same year and a random time of day.
     * </ul>
     *
     * @throws IllegalArgumentException for a value of another type; such a field needs {@code set_null} or {@code
     *     delete_row}
     */
    public static Object randomLike(Object value, RandomGenerator random) {
        if (value instanceof CharSequence text) {
            return randomText(text, random);
        }
        if (value instanceof Integer number) {
            return (int) randomDigits(number, Integer.MAX_VALUE, random);
        }
        if (value instanceof Long number) {
            return randomDigits(number, Long.MAX_VALUE, random);
        }
        if (value instanceof Short number) {
            return (short) randomDigits(number, Short.MAX_VALUE, random);
        }
        if (value instanceof BigInteger number) {
            return randomDigits(number, random);
        }
        if (value instanceof BigDecimal number) {
            BigInteger unscaled = (BigInteger) randomLike(number.unscaledValue(), random);
            return new BigDecimal(unscaled, number.scale());
        }
        if (value instanceof Double number) {
            return randomMagnitude(number, random);
        }
        if (value instanceof Float number) {
            return (float) randomMagnitude(number, random);
        }
        if (value instanceof Boolean) {
            return random.nextBoolean();
        }
        if (value instanceof LocalDate date) {
            return date.withDayOfYear(1 + random.nextInt(date.lengthOfYear()));
        }
        if (value instanceof LocalDateTime dateTime) {
            return LocalDateTime.of((LocalDate) randomLike(dateTime.toLocalDate(), random), randomTime(random));
        }
        if (value instanceof OffsetDateTime dateTime) {
            return OffsetDateTime.of(
                    (LocalDateTime) randomLike(dateTime.toLocalDateTime(), random), dateTime.getOffset());
        }
        if (value instanceof Instant instant) {
            var utc = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
            return ((OffsetDateTime) randomLike(utc, random)).toInstant();
        }
        throw new IllegalArgumentException("A value of type " + value.getClass().getSimpleName()
                + " cannot be replaced at random; erase the field with set_null or delete_row");
    }

    /** The keyed hash of {@code text} under this erasure's key. */
    String keyedHash(String text) {
        return hmacSha256Hex(key, text);
    }

    /** A random value shaped like {@code value}, from this erasure's source. */
    Object randomLike(Object value) {
        return randomLike(value, random);
    }

    private static String randomText(CharSequence text, RandomGenerator random) {
        StringBuilder replaced = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            boolean afterPlus = replaced.length() > 0 && replaced.charAt(replaced.length() - 1) == '+';
            if (Character.isDigit(codePoint)) {
                // A number after + is an international phone number, whose country code never starts with 0.
                replaced.append((char) (afterPlus ? '1' + random.nextInt(9) : '0' + random.nextInt(10)));
            } else if (Character.isUpperCase(codePoint)) {
                replaced.append(UPPER.charAt(random.nextInt(UPPER.length())));
            } else if (Character.isLetter(codePoint)) {
                replaced.append(LOWER.charAt(random.nextInt(LOWER.length())));
            } else {
                replaced.appendCodePoint(codePoint);
            }
        });
        return replaced.toString();
    }

    /**
     * A random number with the sign and as many digits as {@code number}, never starting with 0 unless it is one
     * digit long, and at most {@code max} in absolute value.
     */
    private static long randomDigits(long number, long max, RandomGenerator random) {
        int digits = Long.toString(number).replace("-", "").length();
        long low = digits == 1 ? 0 : pow10(digits - 1);
        long high = digits >= 19 ? max : Math.min(pow10(digits) - 1, max);
        long drawn = low + random.nextLong(high - low + 1);
        return number < 0 ? -drawn : drawn;
    }

    /** A random number with the sign and as many digits as {@code number}, never starting with 0 but for 0. */
    private static BigInteger randomDigits(BigInteger number, RandomGenerator random) {
        int digits = number.abs().toString().length();
        StringBuilder drawn = new StringBuilder(digits + 1);
        if (number.signum() < 0) {
            drawn.append('-');
        }
        drawn.append((char) (digits == 1 ? '0' + random.nextInt(10) : '1' + random.nextInt(9)));
        for (int index = 1; index < digits; index++) {
            drawn.append((char) ('0' + random.nextInt(10)));
        }
        return new BigInteger(drawn.toString());
    }

    private static long pow10(int exponent) {
        long power = 1;
        for (int i = 0; i < exponent; i++) {
            power *= 10;
        }
        return power;
    }

    private static double randomMagnitude(double number, RandomGenerator random) {
        if (number == 0 || !Double.isFinite(number)) {
            return number;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.abs(number))));
        double drawn = magnitude * (1 + random.nextDouble() * 9);
        return Math.copySign(drawn, number);
    }

    private static LocalTime randomTime(RandomGenerator random) {
        return LocalTime.ofSecondOfDay(random.nextInt(24 * 60 * 60));
    }

    @Override
    public String toString() {
        return "Masking[key=(" + key.length + " bytes, hidden)]";
    }
}
