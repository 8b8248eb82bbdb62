package io.custodia.core.taxonomy;

import io.custodia.core.SafeYaml;
import org.jspecify.annotations.Nullable;

/** Reading and writing the YAML of taxonomy files safely, with {@link SafeYaml}'s rules. */
final class TaxonomyYaml {
    /** Taxonomy files nest little: terms under kinds under the document. */
    private static final int NESTING = 20;
    /** SnakeYAML's own default bound on a document's length. */
    private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

    private TaxonomyYaml() {}

    /**
     * Parses a YAML document.
     *
     * @return the document's root, null for an empty document
     * @throws io.custodia.core.InvalidInputException on field {@code body} when the text is not YAML
     */
    static @Nullable Object read(String text) {
        return SafeYaml.read(text, NESTING, MAX_CODE_POINTS);
    }

    /** Writes a tree of maps, lists, strings and booleans as block-style YAML. */
    static String write(Object tree) {
        return SafeYaml.write(tree);
    }
}
