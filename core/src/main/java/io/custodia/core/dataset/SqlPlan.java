package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException;
import io.custodia.core.dataset.EraseStep.FieldReplacement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The SQL statements that carry out a {@link TraversalPlan} in a relational store reached over JDBC.
 *
 * <p>Every statement is parameterised: table and column names come from the registered dataset and are quoted
 * for the dialect, every value is a {@code ?} parameter, so that no value read from a store or given by a person
 * is ever part of the SQL text. Statements carry at most {@link #maxParameters} parameters; a step with more
 * values is split over several statements, whose results may then repeat a row.
 *
 * <p>Reads select the declared fields of a collection, by their names; the caller reads each result row into a map
 * from field name to value and hands those rows back to {@link #erase}. Erasure addresses rows by their primary key
 * when the collection declares one, otherwise by the values of all their declared fields (with null-safe equality):
 * a row equal to a found row on every declared field matches the same lookups, so it is the same person's.
 * Replacements computed from the value (hash, keyed hash, random) are computed here, in Java, and written one row
 * per statement; the hash key never reaches the store.
 *
 * <p>Only top-level columns are addressed: a collection with nested (dotted) fields is refused.
 */
public final class SqlPlan {
    /** A bound below every driver's limit (PostgreSQL and MySQL take 65,535), and a plan a server parses quickly. */
    public static final int DEFAULT_MAX_PARAMETERS = 1000;

    private final SqlDialect dialect;
    private final @Nullable String schema;
    private final int maxParameters;

    private SqlPlan(SqlDialect dialect, @Nullable String schema, int maxParameters) {
        this.dialect = dialect;
        this.schema = schema;
        this.maxParameters = maxParameters;
    }

    /**
     * The statements for one store.
     *
     * @param schema the schema (PostgreSQL) or database (MySQL) that qualifies table names, null for the
     *     connection's default
     */
    public static SqlPlan of(SqlDialect dialect, @Nullable String schema) {
        return new SqlPlan(dialect, schema, DEFAULT_MAX_PARAMETERS);
    }

    /** The same plan with another bound on the parameters of one statement. */
    public SqlPlan withMaxParameters(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("A statement needs at least one parameter");
        }
        return new SqlPlan(dialect, schema, max);
    }

    /**
     * The SELECTs of one read step: the collection's declared fields, from the rows whose looked-up field holds
     * one of the values found so far.
     *
     * <p>Values are converted to the looked-up field's declared {@link DataType} where it has one (an identifier is
     * text; it finds an {@code integer} customer number as a number), and a value that cannot be converted is left
     * out, since it cannot match. Nulls and repeats are left out.
     *
     * @param values the values of each lookup: the request's identifiers of its scheme, or the values of the earlier
     *     step's field
     * @return the statements, none when no lookup has a value
     * @throws InvalidInputException if the collection has nested fields
     */
    public List<SqlStatement> select(ReadStep step, Function<Lookup, Collection<?>> values) {
        DatasetCollection collection = step.collection();
        requireColumns(step.address(), collection);
        Map<String, Set<Object>> byField = new LinkedHashMap<>();
        for (Lookup lookup : step.lookups()) {
            DataType type =
                    collection.field(lookup.field()).map(DatasetField::dataType).orElse(null);
            Set<Object> fieldValues = byField.computeIfAbsent(lookup.field(), field -> new LinkedHashSet<>());
            for (Object value : values.apply(lookup)) {
                Object converted = value == null ? null : convert(value, type);
                if (converted != null) {
                    fieldValues.add(converted);
                }
            }
        }
        String head = "SELECT "
                + collection.fields().stream()
                        .map(field -> dialect.quote(field.name()))
                        .collect(Collectors.joining(", "))
                + " FROM " + table(collection) + " WHERE ";
        List<SqlStatement> statements = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        List<@Nullable Object> parameters = new ArrayList<>();
        for (Map.Entry<String, Set<Object>> entry : byField.entrySet()) {
            List<Object> pending = new ArrayList<>(entry.getValue());
            while (!pending.isEmpty()) {
                int room = maxParameters - parameters.size();
                List<Object> chunk = pending.subList(0, Math.min(room, pending.size()));
                conditions.add(dialect.quote(entry.getKey()) + " IN (" + placeholders(chunk.size()) + ")");
                parameters.addAll(chunk);
                pending = new ArrayList<>(pending.subList(chunk.size(), pending.size()));
                if (parameters.size() == maxParameters) {
                    statements.add(new SqlStatement(head + String.join(" OR ", conditions), parameters));
                    conditions.clear();
                    parameters.clear();
                }
            }
        }
        if (!conditions.isEmpty()) {
            statements.add(new SqlStatement(head + String.join(" OR ", conditions), parameters));
        }
        return statements;
    }

    /**
     * The statements of one erase step over the rows that its collection's read step found.
     *
     * @param rows the rows found, each a map from field name to value; repeats are erased once
     * @param masking the key and the randomness of this erasure
     * @return DELETEs or UPDATEs, none when there are no rows or nothing to rewrite
     * @throws InvalidInputException if the collection has nested fields
     * @throws IllegalArgumentException if a random replacement meets a value of a type it cannot imitate
     */
    public List<SqlStatement> erase(EraseStep step, List<Map<String, @Nullable Object>> rows, Masking masking) {
        DatasetCollection collection = step.collection();
        requireColumns(step.address(), collection);
        List<DatasetField> key = collection.primaryKey().isEmpty() ? collection.fields() : collection.primaryKey();
        boolean nullable = collection.primaryKey().isEmpty();
        List<List<@Nullable Object>> keys = distinctKeys(rows, key);
        if (keys.isEmpty()) {
            return List.of();
        }
        if (step instanceof EraseStep.DeleteRows) {
            return chunked("DELETE FROM " + table(collection) + " WHERE ", key, nullable, keys);
        }
        EraseStep.RewriteFields rewrite = (EraseStep.RewriteFields) step;
        if (rewrite.replacements().isEmpty()) {
            return List.of();
        }
        boolean constant = rewrite.replacements().stream()
                .allMatch(replacement -> replacement.strategy().constant());
        if (constant) {
            String head = "UPDATE " + table(collection) + " SET "
                    + rewrite.replacements().stream()
                            .map(replacement -> dialect.quote(replacement.field()) + " = NULL")
                            .collect(Collectors.joining(", "))
                    + " WHERE ";
            return chunked(head, key, nullable, keys);
        }
        String head = "UPDATE " + table(collection) + " SET "
                + rewrite.replacements().stream()
                        .map(replacement -> dialect.quote(replacement.field()) + " = ?")
                        .collect(Collectors.joining(", "))
                + " WHERE " + rowCondition(key, nullable);
        List<SqlStatement> statements = new ArrayList<>();
        Set<List<@Nullable Object>> done = new LinkedHashSet<>();
        for (Map<String, @Nullable Object> row : rows) {
            List<@Nullable Object> rowKey = keyOf(row, key);
            if (!done.add(rowKey)) {
                continue;
            }
            List<@Nullable Object> parameters = new ArrayList<>();
            for (FieldReplacement replacement : rewrite.replacements()) {
                parameters.add(replacement.strategy().replace(row.get(replacement.field()), masking));
            }
            parameters.addAll(rowKey);
            statements.add(new SqlStatement(head, parameters));
        }
        return statements;
    }

    private List<SqlStatement> chunked(
            String head, List<DatasetField> key, boolean nullable, List<List<@Nullable Object>> keys) {
        int perStatement = Math.max(1, maxParameters / key.size());
        List<SqlStatement> statements = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += perStatement) {
            List<List<@Nullable Object>> chunk = keys.subList(start, Math.min(keys.size(), start + perStatement));
            List<@Nullable Object> parameters = new ArrayList<>();
            String condition;
            if (key.size() == 1 && !nullable) {
                condition = dialect.quote(key.get(0).name()) + " IN (" + placeholders(chunk.size()) + ")";
            } else {
                String one = "(" + rowCondition(key, nullable) + ")";
                condition = String.join(" OR ", Collections.nCopies(chunk.size(), one));
            }
            chunk.forEach(parameters::addAll);
            statements.add(new SqlStatement(head + condition, parameters));
        }
        return statements;
    }

    private String rowCondition(List<DatasetField> key, boolean nullable) {
        String equals = nullable ? " " + dialect.nullSafeEquals() + " ?" : " = ?";
        return key.stream().map(field -> dialect.quote(field.name()) + equals).collect(Collectors.joining(" AND "));
    }

    private static List<List<@Nullable Object>> distinctKeys(
            List<Map<String, @Nullable Object>> rows, List<DatasetField> key) {
        Set<List<@Nullable Object>> keys = new LinkedHashSet<>();
        for (Map<String, @Nullable Object> row : rows) {
            keys.add(keyOf(row, key));
        }
        return new ArrayList<>(keys);
    }

    private static List<@Nullable Object> keyOf(Map<String, @Nullable Object> row, List<DatasetField> key) {
        List<@Nullable Object> values = new ArrayList<>(key.size());
        for (DatasetField field : key) {
            values.add(row.get(field.name()));
        }
        return values;
    }

    private String table(DatasetCollection collection) {
        return (schema == null ? "" : dialect.quote(schema) + ".") + dialect.quote(collection.name());
    }

    private static void requireColumns(CollectionAddress address, DatasetCollection collection) {
        for (DatasetField field : collection.fields()) {
            if (field.nested()) {
                throw InvalidInputException.of(
                        address + "." + field.name(),
                        "is a nested field; SQL stores are addressed by top-level columns only");
            }
        }
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** The value as the field's declared type wants it, or null when it cannot be one. */
    static @Nullable Object convert(Object value, @Nullable DataType type) {
        if (type == null || type.array()) {
            return value;
        }
        String text = String.valueOf(value).strip();
        try {
            return switch (type.kind()) {
                case STRING -> value instanceof String ? value : text;
                case INTEGER ->
                    value instanceof Integer || value instanceof Long || value instanceof Short
                            ? value
                            : Long.valueOf(text);
                case FLOAT -> value instanceof Number number ? number.doubleValue() : Double.valueOf(text);
                case BOOLEAN ->
                    value instanceof Boolean
                            ? value
                            : ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text))
                                    ? Boolean.valueOf(text)
                                    : null;
                case OBJECT_ID, OBJECT -> value;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
