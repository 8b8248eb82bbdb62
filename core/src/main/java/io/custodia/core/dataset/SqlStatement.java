package io.custodia.core.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One parameterised SQL statement: quoted identifiers in the text, every value a {@code ?} parameter.
 *
 * @param sql the statement's text
 * @param parameters the values of its parameters, in order; null for SQL NULL
 */
public record SqlStatement(String sql, List<@Nullable Object> parameters) {
    public SqlStatement {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    @Override
    public String toString() {
        // The parameters are personal data: their number only.
        return sql + " [" + parameters.size() + " parameters]";
    }
}
