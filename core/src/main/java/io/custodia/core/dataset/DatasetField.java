package io.custodia.core.dataset;

import io.custodia.core.taxonomy.TermKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One field of a collection: a column of a table, or a nested field of a document under a dotted name ({@code
 * address.city}).
 *
 * @param name the field's name in the store; dots separate the levels of a nested field
 * @param description what it holds, empty when not said
 * @param dataCategories the taxonomy's data categories of its values, e.g. {@code user.contact.email}
 * @param identity the kind of identifier it holds when a request's identifier can find rows by it, else null
 * @param primaryKey whether it is (part of) the key that names one row
 * @param dataType the type of its values when declared, else null
 * @param length the longest value the store accepts, in characters, when declared, else null
 * @param references links to fields of other collections holding the same values
 * @param erasure its own erasure strategy, null to take the collection's (see {@link DatasetCollection#erasureOf})
 */
public record DatasetField(
        String name,
        String description,
        List<TermKey> dataCategories,
        @Nullable IdentityScheme identity,
        boolean primaryKey,
        @Nullable DataType dataType,
        @Nullable Integer length,
        List<Reference> references,
        @Nullable ErasureStrategy erasure) {

    private static final TermKey PERSONAL = TermKey.of("user");

    public DatasetField {
        dataCategories = List.copyOf(dataCategories);
        references = List.copyOf(references);
    }

    /** A field with a name and nothing else declared. */
    public static DatasetField named(String name) {
        return new DatasetField(name, "", List.of(), null, false, null, null, List.of(), null);
    }

    /** Whether one of its data categories lies under {@code user}: data about the person. */
    public boolean holdsPersonalData() {
        return dataCategories.stream().anyMatch(category -> category.isWithin(PERSONAL));
    }

    /** Whether it is a nested field of a document rather than a column. */
    public boolean nested() {
        return name.indexOf('.') >= 0;
    }

    public DatasetField withDataCategories(List<TermKey> categories) {
        return new DatasetField(
                name, description, categories, identity, primaryKey, dataType, length, references, erasure);
    }

    public DatasetField withIdentity(@Nullable IdentityScheme scheme) {
        return new DatasetField(
                name, description, dataCategories, scheme, primaryKey, dataType, length, references, erasure);
    }

    public DatasetField withPrimaryKey(boolean key) {
        return new DatasetField(
                name, description, dataCategories, identity, key, dataType, length, references, erasure);
    }

    public DatasetField withDataType(@Nullable DataType type) {
        return new DatasetField(
                name, description, dataCategories, identity, primaryKey, type, length, references, erasure);
    }

    public DatasetField withReferences(List<Reference> links) {
        return new DatasetField(
                name, description, dataCategories, identity, primaryKey, dataType, length, links, erasure);
    }

    public DatasetField withErasure(@Nullable ErasureStrategy strategy) {
        return new DatasetField(
                name, description, dataCategories, identity, primaryKey, dataType, length, references, strategy);
    }
}
