package io.custodia.core.dataset;

import io.custodia.core.SafeYaml;
import org.jspecify.annotations.Nullable;

/**
 * Reading and writing dataset YAML safely, with {@link SafeYaml}'s rules: plain maps, lists and strings only, no
 * duplicate keys, bounded size, nesting and aliases, and no implicit types but booleans and null, so that a field
 * named {@code on} or a length of {@code 010} stays text until the reader says what it must be.
 */
final class DatasetYaml {
    /** Nested document fields add two levels each (fields: - ...); forty levels of YAML is about twenty of fields. */
    private static final int NESTING = 40;

    private static final int MAX_CODE_POINTS = 5_000_000;

    private DatasetYaml() {}

    /**
     * Parses a YAML document.
     *
     * @return the document's root, null for an empty document
     * @throws io.custodia.core.InvalidInputException on field {@code body} when the text is not YAML
     */
    static @Nullable Object read(String text) {
        return SafeYaml.read(text, NESTING, MAX_CODE_POINTS);
    }

    /** Writes a tree of maps, lists, strings, numbers and booleans as block-style YAML. */
    static String write(Object tree) {
        return SafeYaml.write(tree);
    }
}
