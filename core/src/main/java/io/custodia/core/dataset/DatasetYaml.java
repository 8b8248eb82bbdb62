package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reading and writing dataset YAML safely: plain maps, lists and strings only (no Java objects from tags), no
 * duplicate keys, bounded size, nesting and aliases, and no implicit types but booleans and null, so that a field
 * named {@code on} or a length of {@code 010} stays text until the reader says what it must be.
 */
final class DatasetYaml {
    private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final int MAX_CODE_POINTS = 5_000_000;

    private DatasetYaml() {}

    /**
     * Parses a YAML document.
     *
     * @return the document's root, null for an empty document
     * @throws InvalidInputException on field {@code body} when the text is not YAML
     */
    static @Nullable Object read(String text) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        // Nested document fields add two levels each (fields: - ...); thirty levels of YAML is ten of fields.
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_CODE_POINTS);
        var yaml = new Yaml(
                new SafeConstructor(options),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                options,
                new PlainResolver());
        try {
            return yaml.load(text);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            String where =
                    mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw InvalidInputException.of("body", "is not valid YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw InvalidInputException.of("body", "is not valid YAML");
        }
    }

    /** Writes a tree of maps, lists, strings, numbers and booleans as block-style YAML. */
    static String write(Object tree) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setAllowUnicode(true);
        options.setWidth(120);
        options.setSplitLines(true);
        return new Yaml(options).dump(tree);
    }

    /** Resolves booleans and nulls only; every other plain scalar stays a string. */
    private static final class PlainResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOLEAN, "tfTF");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
