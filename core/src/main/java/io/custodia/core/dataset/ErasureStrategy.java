package io.custodia.core.dataset;

import java.time.Period;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What erasing a person's data does to one field, or to the rows of a collection.
 *
 * <p>{@link DeleteRow} removes the whole row; the {@link Replacement}s rewrite the field's value in place;
 * {@link Keep} leaves it, for a stated legal reason and no longer than a retention period (tax law keeps invoices,
 * for instance). A collection names a default that applies to its fields holding personal data; see {@link
 * DatasetCollection#erasureOf}.
 */
public sealed interface ErasureStrategy
        permits ErasureStrategy.DeleteRow, ErasureStrategy.Replacement, ErasureStrategy.Keep {

    DeleteRow DELETE_ROW = new DeleteRow();
    SetNull SET_NULL = new SetNull();
    Hash HASH = new Hash();
    KeyedHash KEYED_HASH = new KeyedHash();
    RandomReplacement RANDOM = new RandomReplacement();

    /** The key as written in files: {@code delete_row}, {@code set_null}, {@code hash}, … or {@code keep}. */
    String key();

    /** The strategy of a key that needs no parameters, empty for {@code keep} and unknown keys. */
    static Optional<ErasureStrategy> of(String key) {
        return Optional.ofNullable(
                switch (key) {
                    case "delete_row" -> DELETE_ROW;
                    case "set_null" -> SET_NULL;
                    case "hash" -> HASH;
                    case "keyed_hash" -> KEYED_HASH;
                    case "random" -> RANDOM;
                    default -> null;
                });
    }

    /** The accepted keys, for messages. */
    static String keys() {
        return "delete_row, set_null, hash, keyed_hash, random or {keep: {reason, retention}}";
    }

    /** The row is deleted. */
    record DeleteRow() implements ErasureStrategy {
        @Override
        public String key() {
            return "delete_row";
        }
    }

    /** The value is rewritten in place; the row stays. */
    sealed interface Replacement extends ErasureStrategy
            permits ErasureStrategy.SetNull,
                    ErasureStrategy.Hash,
                    ErasureStrategy.KeyedHash,
                    ErasureStrategy.RandomReplacement {

        /**
         * The value that replaces {@code value}.
         *
         * @param value the value read from the store, null when the store holds none
         * @param masking the key and the source of randomness of this erasure
         * @return the replacement; null when the value is null, whatever the strategy
         */
        @Nullable
        Object replace(@Nullable Object value, Masking masking);

        /**
         * Whether every row gets the same replacement (null), so that one statement can erase many rows; false when
         * the replacement is computed from each row's value.
         */
        default boolean constant() {
            return false;
        }
    }

    /** The value becomes null. */
    record SetNull() implements Replacement {
        @Override
        public String key() {
            return "set_null";
        }

        @Override
        public @Nullable Object replace(@Nullable Object value, Masking masking) {
            return null;
        }

        @Override
        public boolean constant() {
            return true;
        }
    }

    /**
     * The value becomes the SHA-256 of its text, in 64 lower-case hexadecimal characters. Equal values stay equal,
     * so counts and joins survive; anyone holding a candidate value can test it, so prefer {@link KeyedHash} for
     * values that are easy to guess (e-mail addresses, phone numbers).
     */
    record Hash() implements Replacement {
        @Override
        public String key() {
            return "hash";
        }

        @Override
        public @Nullable Object replace(@Nullable Object value, Masking masking) {
            return value == null ? null : Masking.sha256Hex(String.valueOf(value));
        }
    }

    /**
     * The value becomes the HMAC-SHA256 of its text under the erasure's secret key, in 64 lower-case hexadecimal
     * characters: equal values stay equal, and without the key nobody can test a guess.
     */
    record KeyedHash() implements Replacement {
        @Override
        public String key() {
            return "keyed_hash";
        }

        @Override
        public @Nullable Object replace(@Nullable Object value, Masking masking) {
            return value == null ? null : masking.keyedHash(String.valueOf(value));
        }
    }

    /**
     * The value becomes a random one of the same type and shape (see {@link Masking#randomLike}): an e-mail address
     * stays e-mail-looking, digits stay digits of the same count, so that the store's constraints still hold.
     */
    record RandomReplacement() implements Replacement {
        @Override
        public String key() {
            return "random";
        }

        @Override
        public @Nullable Object replace(@Nullable Object value, Masking masking) {
            return value == null ? null : masking.randomLike(value);
        }
    }

    /**
     * The value is kept.
     *
     * @param reason the legal reason, in words shown to the person and to a regulator, e.g. "Invoices are kept for
     *     ten years (French commercial code, art. L123-22)"
     * @param retention how long after the erasure request the value may still be kept, e.g. {@code P10Y}
     */
    record Keep(String reason, Period retention) implements ErasureStrategy {
        public Keep {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("A kept field needs a reason");
            }
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("A kept field needs a positive retention period");
            }
        }

        @Override
        public String key() {
            return "keep";
        }
    }
}
