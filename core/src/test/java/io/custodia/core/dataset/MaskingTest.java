package io.custodia.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The replacing erasure strategies as pure functions. */
class MaskingTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Masking MASKING = Masking.of(KEY, new Random(42));

    @Test
    void hash_isTheSha256OfTheText_inLowerCaseHex() {
        assertThat(Masking.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ErasureStrategy.HASH.replace("abc", MASKING)).isEqualTo(Masking.sha256Hex("abc"));
        assertThat(ErasureStrategy.HASH.replace(null, MASKING)).isNull();
    }

    @Test
    void keyedHash_isHmacSha256_andDependsOnTheKey() {
        // RFC 4231, test case 2.
        assertThat(Masking.hmacSha256Hex("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        Object once = ErasureStrategy.KEYED_HASH.replace("jane@example.org", MASKING);
        assertThat(ErasureStrategy.KEYED_HASH.replace("jane@example.org", MASKING))
                .isEqualTo(once);
        byte[] otherKey = KEY.clone();
        otherKey[0] = 'X';
        assertThat(ErasureStrategy.KEYED_HASH.replace("jane@example.org", Masking.of(otherKey, new Random())))
                .isNotEqualTo(once);
        assertThat(once).isEqualTo(Masking.hmacSha256Hex(KEY, "jane@example.org"));
    }

    @Test
    void aShortKey_isRefused_andNeverShown() {
        assertThatThrownBy(() -> Masking.of(new byte[16], new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThat(MASKING.toString()).doesNotContain("0123");
    }

    @Test
    void randomReplacement_keepsTheShapeOfEmailsAndPhoneNumbers() {
        Object email = ErasureStrategy.RANDOM.replace("jane.doe@example.com", MASKING);
        Object phone = ErasureStrategy.RANDOM.replace("+33612345678", MASKING);
        Object spaced = ErasureStrategy.RANDOM.replace("+33 6 12 34 56 78", MASKING);

        assertThat((String) email)
                .matches("^[a-z]{4}\\.[a-z]{3}@[a-z]{7}\\.[a-z]{3}$")
                .isNotEqualTo("jane.doe@example.com");
        assertThat((String) phone).matches("^\\+[1-9][0-9]{10}$");
        assertThat((String) spaced).matches("^\\+[1-9][0-9] [0-9] [0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}$");
        assertThat(ErasureStrategy.RANDOM.replace(null, MASKING)).isNull();
    }

    @Test
    void randomReplacement_keepsTypesDigitsAndScale() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            assertThat((Integer) Masking.randomLike(4242, random)).isBetween(1000, 9999);
            assertThat((Integer) Masking.randomLike(-7, random)).isBetween(-9, 0);
            assertThat((Integer) Masking.randomLike(Integer.MAX_VALUE, random))
                    .isBetween(1_000_000_000, Integer.MAX_VALUE);
            assertThat((Long) Masking.randomLike(Long.MIN_VALUE, random)).isNegative();
            assertThat((Short) Masking.randomLike((short) 300, random)).isBetween((short) 100, (short) 999);
            BigDecimal price = (BigDecimal) Masking.randomLike(new BigDecimal("129.99"), random);
            assertThat(price.scale()).isEqualTo(2);
            assertThat(price.precision()).isEqualTo(5);
            assertThat((BigInteger) Masking.randomLike(new BigInteger("-1000000000000000000000"), random))
                    .isNegative();
            assertThat((Double) Masking.randomLike(12.5, random)).isBetween(10.0, 100.0);
            LocalDate birth = (LocalDate) Masking.randomLike(LocalDate.of(1984, 2, 29), random);
            assertThat(birth.getYear()).isEqualTo(1984);
            assertThat(((LocalDateTime) Masking.randomLike(LocalDateTime.of(2024, 5, 1, 10, 0), random)).getYear())
                    .isEqualTo(2024);
        }
        assertThat(Masking.randomLike(true, random)).isInstanceOf(Boolean.class);
    }

    @Test
    void randomReplacement_ofAnUnknownType_isRefused() {
        assertThatThrownBy(() -> Masking.randomLike(UUID.randomUUID(), new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set_null");
    }

    @Property(tries = 300)
    void randomText_keepsEachCharacterClassInPlace(@ForAll @StringLength(max = 40) String text) {
        String replaced = (String) Masking.randomLike(text, new Random(text.hashCode()));

        int[] before = text.codePoints().toArray();
        int[] after = replaced.codePoints().toArray();
        assertThat(after).hasSameSizeAs(before);
        for (int index = 0; index < before.length; index++) {
            int original = before[index];
            int now = after[index];
            if (Character.isDigit(original)) {
                assertThat(now).isBetween((int) '0', (int) '9');
            } else if (Character.isUpperCase(original)) {
                assertThat(now).isBetween((int) 'A', (int) 'Z');
            } else if (Character.isLetter(original)) {
                assertThat(now).isBetween((int) 'a', (int) 'z');
            } else {
                assertThat(now).isEqualTo(original);
            }
        }
    }

    @Property(tries = 100)
    void randomText_ofLongValues_almostNeverGivesThemBack(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 12, max = 30) String text) {
        assertThat(Masking.randomLike(text, new Random(text.hashCode()))).isNotEqualTo(text);
    }
}
