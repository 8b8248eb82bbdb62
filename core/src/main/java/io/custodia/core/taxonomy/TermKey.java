package io.custodia.core.taxonomy;

import io.custodia.core.InvalidInputException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A taxonomy key: lower-case dotted segments such as {@code user.contact.email} or
 * {@code marketing.personalised_offers}, compatible with fideslang keys. Its parent is the key without the last
 * segment.
 */
public record TermKey(String value) implements Comparable<TermKey> {
    private static final Pattern FORMAT = Pattern.compile("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$");

    public TermKey {
        if (value.length() > 200 || !FORMAT.matcher(value).matches()) {
            throw InvalidInputException.of(
                    "key",
                    "'" + value + "' is not a taxonomy key: use lower-case dotted segments like user.contact.email");
        }
    }

    /** Parses a key, failing with a message that names the bad input. */
    public static TermKey of(String value) {
        return new TermKey(value);
    }

    /** Whether the text is a well-formed key. */
    public static boolean isValid(String value) {
        return value.length() <= 200 && FORMAT.matcher(value).matches();
    }

    /** The key one level up, absent for a top-level key. */
    public Optional<TermKey> parent() {
        int dot = value.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(new TermKey(value.substring(0, dot)));
    }

    /** How many levels lie above this key: 0 for {@code user}, 2 for {@code user.contact.email}. */
    public int depth() {
        return (int) value.chars().filter(character -> character == '.').count();
    }

    /** The last segment, e.g. {@code email} for {@code user.contact.email}. */
    public String lastSegment() {
        return value.substring(value.lastIndexOf('.') + 1);
    }

    /** Whether this key is {@code other} or lies under it. */
    public boolean isWithin(TermKey other) {
        return value.equals(other.value) || value.startsWith(other.value + ".");
    }

    @Override
    public int compareTo(TermKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
