package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.taxonomy.TermKey;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reading typed values out of a parsed YAML tree, recording one error per bad value under its path. */
final class YamlValues {
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_REASON = 500;

    /** A dataset key: fideslang's key characters, without its rarely used {@code <} and {@code >}. */
    private static final Pattern DATASET_KEY = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$");

    /**
     * A collection name or one level of a field name: an SQL identifier that needs no quoting in PostgreSQL or MySQL
     * except for case and reserved words, at most 63 characters (PostgreSQL's limit).
     */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_$-]{0,62}$");

    private YamlValues() {}

    static boolean isDatasetKey(String text) {
        return DATASET_KEY.matcher(text).matches();
    }

    static boolean isName(String text) {
        return NAME.matcher(text).matches();
    }

    /** Whether each dot-separated level is a {@linkplain #isName name}. */
    static boolean isFieldName(String text) {
        for (String level : text.split("\\.", -1)) {
            if (!isName(level)) {
                return false;
            }
        }
        return true;
    }

    /** Text, or null after recording why not (or when absent and not required). Blank counts as absent. */
    static @Nullable String text(
            @Nullable Object value, String path, boolean required, int maxLength, List<FieldError> errors) {
        if (value == null || (value instanceof String blank && blank.isBlank())) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new FieldError(path, "must be text"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new FieldError(path, "must have at most " + maxLength + " characters"));
            return null;
        }
        return text.strip();
    }

    /** A boolean, false when absent. */
    static boolean flag(@Nullable Object value, String path, List<FieldError> errors) {
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            errors.add(new FieldError(path, "must be true or false"));
            return false;
        }
        return flag;
    }

    /** A positive whole number, or null when absent or after recording why not. */
    static @Nullable Integer positive(@Nullable Object value, String path, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            int number = Integer.parseInt(String.valueOf(value).strip());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(path, "must be a positive whole number"));
        return null;
    }

    /** The items of a list; empty when absent or after recording that it is not a list. */
    /**
     * Reads a field's list of references with the reader's own format, keeping each one read without error and the
     * path it was read at (registration findings name it).
     */
    static void references(
            @Nullable Object value,
            String path,
            BiFunction<@Nullable Object, String, @Nullable Reference> read,
            List<Reference> references,
            List<String> paths,
            List<FieldError> errors) {
        List<?> items = list(value, path, errors);
        for (int index = 0; index < items.size(); index++) {
            String itemPath = path + "[" + index + "]";
            Reference reference = read.apply(items.get(index), itemPath);
            if (reference != null) {
                references.add(reference);
                paths.add(itemPath);
            }
        }
    }

    static List<?> list(@Nullable Object value, String path, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(new FieldError(path, "must be a list"));
            return List.of();
        }
        return list;
    }

    /** A mapping, or an empty one when absent or after recording that it is not one. */
    static Map<?, ?> map(@Nullable Object value, String path, String what, List<FieldError> errors) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError(path, "must be " + what));
            return Map.of();
        }
        return map;
    }

    /** Records an error for every key of {@code map} that is not in {@code allowed}. */
    static void onlyKeys(Map<?, ?> map, String path, Set<String> allowed, String what, List<FieldError> errors) {
        for (Object key : map.keySet()) {
            String name = String.valueOf(key);
            if (!allowed.contains(name)) {
                errors.add(new FieldError(
                        join(path, name),
                        name.startsWith("fides")
                                ? "is fideslang: import the file as fideslang, or write it in Custodia format"
                                : "is not a field of " + what));
            }
        }
    }

    /** Well-formed taxonomy keys; one error per bad item. */
    static List<TermKey> categories(@Nullable Object value, String path, List<FieldError> errors) {
        List<TermKey> keys = new ArrayList<>();
        List<?> items = list(value, path, errors);
        for (int index = 0; index < items.size(); index++) {
            Object item = items.get(index);
            String itemPath = path + "[" + index + "]";
            if (item instanceof String text && TermKey.isValid(text)) {
                TermKey key = TermKey.of(text);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            } else {
                errors.add(new FieldError(
                        itemPath,
                        "'" + abbreviate(String.valueOf(item)) + "' is not a data category key: use lower-case dotted"
                                + " segments such as user.contact.email"));
            }
        }
        return keys;
    }

    /** An ISO-8601 period such as {@code P10Y} or {@code P6M}, positive; null when absent or bad. */
    static @Nullable Period period(@Nullable Object value, String path, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(path, "is required: an ISO-8601 period such as P10Y or P6M"));
            return null;
        }
        try {
            Period period = Period.parse(String.valueOf(value).strip());
            if (!period.isNegative() && !period.isZero()) {
                return period;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(new FieldError(path, "must be a positive ISO-8601 period such as P10Y or P6M"));
        return null;
    }

    /** A fideslang data type such as {@code string} or {@code integer[]}, or null when absent or bad. */
    static @Nullable DataType dataType(@Nullable Object value, String path, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        var type = DataType.of(String.valueOf(value));
        if (type.isEmpty()) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(String.valueOf(value)) + "' is not a data type; use "
                            + DataType.keys()));
            return null;
        }
        return type.get();
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
