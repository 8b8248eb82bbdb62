package io.custodia.core.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of the values a field holds, as fideslang names them: {@code string}, {@code integer}, {@code float},
 * {@code boolean}, {@code object_id}, {@code object}, each optionally an array ({@code string[]}).
 *
 * <p>It tells the SQL plan how to convert lookup values (an identifier is text; a customer number column may be
 * an integer) and tells registration which erasure strategies fit (a hash is 64 characters of text).
 *
 * @param kind the type of one value
 * @param array whether the field holds a list of such values
 */
public record DataType(Kind kind, boolean array) {

    /** The type of one value. */
    public enum Kind {
        STRING,
        INTEGER,
        FLOAT,
        BOOLEAN,
        OBJECT_ID,
        OBJECT;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses a fideslang data type such as {@code string} or {@code integer[]}; empty when it is not one. */
    public static Optional<DataType> of(String text) {
        boolean array = text.endsWith("[]");
        String kind = array ? text.substring(0, text.length() - 2) : text;
        return Arrays.stream(Kind.values())
                .filter(candidate -> candidate.key().equals(kind))
                .findFirst()
                .map(found -> new DataType(found, array));
    }

    /** Whether the field holds single text values, the only values a hash can replace. */
    public boolean isText() {
        return kind == Kind.STRING && !array;
    }

    /** The accepted spellings, for messages. */
    static String keys() {
        return String.join(", ", Arrays.stream(Kind.values()).map(Kind::key).toList()) + " (add [] for a list)";
    }

    @Override
    public String toString() {
        return kind.key() + (array ? "[]" : "");
    }
}
