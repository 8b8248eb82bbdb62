package io.custodia.server.register;

import org.jspecify.annotations.Nullable;

/**
 * Which activities to list; every criterion is optional and they combine with "and". Keys match exactly.
 *
 * @param entity an entity code
 * @param status a status key such as {@code active}
 * @param purpose a purpose key the activity declares
 * @param dataCategory a data-category key the activity declares
 * @param recipient a recipient key the activity declares
 * @param text words the activity's name contains (case-insensitive)
 */
public record ActivityFilter(
        @Nullable String entity,
        @Nullable String status,
        @Nullable String purpose,
        @Nullable String dataCategory,
        @Nullable String recipient,
        @Nullable String text) {

    /** No criterion: every activity the caller may see. */
    public static ActivityFilter all() {
        return new ActivityFilter(null, null, null, null, null, null);
    }

    /** Every activity of one entity. */
    public static ActivityFilter ofEntity(String entity) {
        return new ActivityFilter(entity, null, null, null, null, null);
    }
}
