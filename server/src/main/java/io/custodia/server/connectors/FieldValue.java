package io.custodia.server.connectors;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One field's value in a found record, with the data categories the dataset gives the field. */
public record FieldValue(@Nullable Object value, List<String> dataCategories) {
    public FieldValue {
        dataCategories = List.copyOf(dataCategories);
    }
}
