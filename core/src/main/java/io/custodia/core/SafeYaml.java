package io.custodia.core;

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
 * Reading and writing the YAML files Custodia takes in (taxonomies, datasets) safely.
 *
 * <p>Reading builds plain maps, lists and strings only (no Java objects from tags), refuses duplicate keys, bounds
 * aliases, nesting and size, and resolves no implicit types but {@code true}/{@code false} and null: under YAML 1.1 a
 * name such as {@code No} or {@code On} would otherwise turn into a boolean, and a key such as {@code 1.10} or a
 * length such as {@code 010} into a number. Writing uses the standard resolver, so such strings are quoted for every
 * other reader.
 */
public final class SafeYaml {
    private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

    private SafeYaml() {}

    /**
     * Parses a YAML document.
     *
     * @param nestingDepth the deepest nesting of collections accepted
     * @param maxCodePoints the longest document accepted, in code points
     * @return the document's root, null for an empty document
     * @throws InvalidInputException on field {@code body} when the text is not YAML or breaks a bound
     */
    public static @Nullable Object read(String text, int nestingDepth, int maxCodePoints) {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(nestingDepth);
        options.setCodePointLimit(maxCodePoints);
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
    public static String write(Object tree) {
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
