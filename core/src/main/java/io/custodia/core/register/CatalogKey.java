package io.custodia.core.register;

import io.custodia.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The key of a system, dataset or recipient in an entity's register: lower case letters and digits with {@code .},
 * {@code _} and {@code -}, such as {@code open-lab} or {@code crm.customers}, at most 64 characters. Unlike a
 * taxonomy key it may hold hyphens, since companies name their partners and systems that way.
 *
 * @param value the key
 */
public record CatalogKey(String value) implements Comparable<CatalogKey> {
    private static final Pattern FORMAT = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

    public CatalogKey {
        if (!isValid(value)) {
            throw InvalidInputException.of(
                    "key",
                    "'" + value + "' is not a register key: use 1 to 64 lower-case letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit");
        }
    }

    /** Parses a key, failing with a message that names the bad input. */
    public static CatalogKey of(String value) {
        return new CatalogKey(value);
    }

    /** Whether the text is a well-formed key. */
    public static boolean isValid(String value) {
        return FORMAT.matcher(value).matches();
    }

    @Override
    public int compareTo(CatalogKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
