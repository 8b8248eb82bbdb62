package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads one pack file into a tree of maps, lists and scalars, with the YAML 1.1 surprises turned off. */
final class PackYaml {

    private static final int MAX_FILE_CODE_POINTS = 1_000_000;

    private PackYaml() {}

    /**
     * The document as a tree whose maps have string keys.
     *
     * @throws InvalidInputException if the text is not YAML or not a mapping
     */
    static Map<String, Object> read(InputStream input, String source) {
        Object document;
        try {
            document = yaml().load(new InputStreamReader(input, StandardCharsets.UTF_8));
        } catch (YAMLException e) {
            throw invalid(source, "$", "not valid YAML: " + e.getMessage());
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw invalid(source, "$", "a pack is a mapping of fields such as code, name and law");
        }
        return normaliseMap(map, "", source);
    }

    static InvalidInputException invalid(String source, String field, String message) {
        return invalid(source, List.of(new FieldError(field, message)));
    }

    static InvalidInputException invalid(String source, List<FieldError> errors) {
        StringBuilder message =
                new StringBuilder("Invalid jurisdiction pack ").append(source).append(':');
        for (FieldError error : errors) {
            message.append("\n  ").append(error.field()).append(": ").append(error.message());
        }
        return new InvalidInputException(message.toString(), errors);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(
                new SafeConstructor(options),
                new Representer(dumperOptions),
                dumperOptions,
                options,
                new PackResolver());
    }

    private static Map<String, Object> normaliseMap(Map<?, ?> map, String path, String source) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw invalid(source, path.isEmpty() ? "$" : path, "field names must be text, got " + entry.getKey());
            }
            String childPath = path.isEmpty() ? key : path + "." + key;
            result.put(key, normalise(entry.getValue(), childPath, source));
        }
        return result;
    }

    // A YAML null survives as a null value so that the decoder can name the field that has no value.
    private static @Nullable Object normalise(@Nullable Object value, String path, String source) {
        if (value instanceof Map<?, ?> map) {
            return normaliseMap(map, path, source);
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(normalise(list.get(i), path + "[" + i + "]", source));
            }
            return result;
        }
        return value;
    }

    /**
     * The YAML 1.1 resolver without the implicit types that corrupt pack data: {@code NO} (Norway) and {@code ON}
     * must stay country codes rather than booleans, and {@code 2025-04-21} must stay text rather than become a
     * {@code java.util.Date} at midnight UTC.
     */
    private static final class PackResolver extends Resolver {
        private static final Pattern STRICT_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, STRICT_BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
            addImplicitResolver(Tag.YAML, YAML, "!&*", 10);
        }
    }
}
