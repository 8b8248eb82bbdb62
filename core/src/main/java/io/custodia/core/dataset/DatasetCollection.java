package io.custodia.core.dataset;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One collection of a dataset: a table, or a collection of documents.
 *
 * @param name its name in the store
 * @param description what it holds, empty when not said
 * @param fields its fields, in the order declared
 * @param erasure the default erasure strategy of its fields that hold personal data, null for {@code set_null}
 */
public record DatasetCollection(
        String name,
        String description,
        List<DatasetField> fields,
        @Nullable ErasureStrategy erasure) {

    public DatasetCollection {
        fields = List.copyOf(fields);
    }

    /** The field of that name. */
    public Optional<DatasetField> field(String fieldName) {
        return fields.stream().filter(field -> field.name().equals(fieldName)).findFirst();
    }

    /** The fields that together name one row, empty when none is declared. */
    public List<DatasetField> primaryKey() {
        return fields.stream().filter(DatasetField::primaryKey).toList();
    }

    /** Whether an erasure deletes the person's rows: the collection or one of its fields says {@code delete_row}. */
    public boolean deletesRows() {
        return erasure instanceof ErasureStrategy.DeleteRow
                || fields.stream().anyMatch(field -> field.erasure() instanceof ErasureStrategy.DeleteRow);
    }

    /**
     * What an erasure does to one field of this collection, when the row itself stays.
     *
     * <ol>
     *   <li>the field's own strategy, when it has one;
     *   <li>nothing for a primary-key field: it names the row, and changing it would orphan the rows that point at
     *       it;
     *   <li>for a field holding personal data ({@link DatasetField#holdsPersonalData}): the collection's strategy,
     *       or {@code set_null} when the collection names none;
     *   <li>nothing for other fields.
     * </ol>
     *
     * @return the strategy, empty when the field is left as it is
     */
    public Optional<ErasureStrategy> erasureOf(DatasetField field) {
        if (field.erasure() != null) {
            return Optional.of(field.erasure());
        }
        if (field.primaryKey() || !field.holdsPersonalData()) {
            return Optional.empty();
        }
        return Optional.of(erasure == null ? ErasureStrategy.SET_NULL : erasure);
    }
}
