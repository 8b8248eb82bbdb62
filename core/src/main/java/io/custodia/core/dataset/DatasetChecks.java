package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.dataset.ErasureStrategy.Hash;
import io.custodia.core.dataset.ErasureStrategy.Keep;
import io.custodia.core.dataset.ErasureStrategy.KeyedHash;
import io.custodia.core.dataset.ErasureStrategy.RandomReplacement;
import io.custodia.core.dataset.ErasureStrategy.Replacement;
import io.custodia.core.dataset.Sources.CollectionSource;
import io.custodia.core.dataset.Sources.DatasetSource;
import io.custodia.core.dataset.Sources.FieldSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a file's datasets must follow on their own, whatever else is registered: unique keys and names,
 * references that point at existing fields of the file's datasets, and erasure strategies that fit their fields.
 */
final class DatasetChecks {
    /** The length of a SHA-256 or HMAC-SHA256 in hexadecimal. */
    static final int HASH_LENGTH = 64;

    private DatasetChecks() {}

    static void check(List<Dataset> datasets, List<DatasetSource> sources, List<FieldError> errors) {
        Map<String, Dataset> byKey = new HashMap<>();
        for (int d = 0; d < datasets.size(); d++) {
            Dataset dataset = datasets.get(d);
            if (!dataset.key().isEmpty() && byKey.putIfAbsent(dataset.key(), dataset) != null) {
                errors.add(
                        new FieldError(sources.get(d).keyPath(), "'" + dataset.key() + "' appears twice in this file"));
            }
        }
        for (int d = 0; d < datasets.size(); d++) {
            checkDataset(datasets.get(d), sources.get(d), byKey, errors);
        }
    }

    private static void checkDataset(
            Dataset dataset, DatasetSource source, Map<String, Dataset> byKey, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        for (int c = 0; c < dataset.collections().size(); c++) {
            DatasetCollection collection = dataset.collections().get(c);
            CollectionSource collectionSource = source.collections().get(c);
            if (!collection.name().isEmpty() && !names.add(collection.name())) {
                errors.add(new FieldError(
                        collectionSource.namePath(),
                        "'" + collection.name() + "' appears twice in dataset " + dataset.key()));
            }
            Set<String> fieldNames = new HashSet<>();
            for (int f = 0; f < collection.fields().size(); f++) {
                DatasetField field = collection.fields().get(f);
                FieldSource fieldSource = collectionSource.fields().get(f);
                if (!field.name().isEmpty() && !fieldNames.add(field.name())) {
                    errors.add(new FieldError(
                            fieldSource.namePath(),
                            "'" + field.name() + "' appears twice in collection " + collection.name()));
                }
                checkErasure(collection, collectionSource, field, fieldSource, errors);
                for (int r = 0; r < field.references().size(); r++) {
                    checkReference(
                            dataset,
                            collection,
                            field,
                            field.references().get(r),
                            fieldSource.referencePaths().get(r),
                            byKey,
                            errors);
                }
            }
        }
    }

    private static void checkErasure(
            DatasetCollection collection,
            CollectionSource collectionSource,
            DatasetField field,
            FieldSource fieldSource,
            List<FieldError> errors) {
        ErasureStrategy own = field.erasure();
        if (own instanceof Replacement && field.primaryKey()) {
            errors.add(new FieldError(
                    fieldSource.erasurePath(),
                    "a primary key names its row and cannot be rewritten: erase the row with delete_row, or give"
                            + " the key no strategy"));
            return;
        }
        Optional<ErasureStrategy> effective = collection.erasureOf(field);
        if (effective.isEmpty()) {
            return;
        }
        ErasureStrategy strategy = effective.get();
        String where = own != null ? fieldSource.erasurePath() : fieldSource.path();
        String whose = own != null ? "" : "takes the collection's " + strategy.key() + ", but ";
        if (collection.deletesRows()) {
            if (strategy instanceof Keep) {
                errors.add(new FieldError(
                        own instanceof Keep ? fieldSource.erasurePath() : collectionSource.erasurePath(),
                        "field " + field.name() + " is kept for a legal reason, but collection " + collection.name()
                                + " deletes its rows (delete_row): keep the rows and erase the other fields one by"
                                + " one, or do not keep this field"));
            }
            return;
        }
        DataType type = field.dataType();
        if (strategy instanceof Hash || strategy instanceof KeyedHash) {
            if (type != null && !type.isText()) {
                errors.add(new FieldError(
                        where,
                        whose + strategy.key() + " writes " + HASH_LENGTH + " hexadecimal characters and field "
                                + field.name() + " holds " + type + ": use random, set_null or delete_row"));
            } else if (field.length() != null && field.length() < HASH_LENGTH) {
                errors.add(new FieldError(
                        where,
                        whose + strategy.key() + " writes " + HASH_LENGTH + " hexadecimal characters and field "
                                + field.name() + " holds at most " + field.length() + ": use random, set_null or"
                                + " delete_row"));
            }
        } else if (strategy instanceof RandomReplacement
                && type != null
                && (type.array() || type.kind() == DataType.Kind.OBJECT || type.kind() == DataType.Kind.OBJECT_ID)) {
            errors.add(new FieldError(
                    where,
                    whose + "random replaces text, numbers, booleans and dates, and field " + field.name() + " holds "
                            + type + ": use set_null or delete_row"));
        }
    }

    private static void checkReference(
            Dataset dataset,
            DatasetCollection collection,
            DatasetField field,
            Reference reference,
            String path,
            Map<String, Dataset> byKey,
            List<FieldError> errors) {
        CollectionAddress target = reference.target(dataset.key());
        if (target.equals(dataset.address(collection)) && reference.field().equals(field.name())) {
            errors.add(new FieldError(path, "points at the field that holds it"));
            return;
        }
        Dataset targetDataset = byKey.get(target.dataset());
        if (targetDataset == null) {
            return; // another registered dataset: checked at registration
        }
        Optional<DatasetCollection> targetCollection = targetDataset.collection(target.collection());
        if (targetCollection.isEmpty()) {
            errors.add(new FieldError(
                    path,
                    "points at collection " + target.collection() + ", which dataset " + target.dataset()
                            + " does not have"));
        } else if (targetCollection.get().field(reference.field()).isEmpty()) {
            errors.add(new FieldError(
                    path, "points at field " + reference.field() + ", which collection " + target + " does not have"));
        }
    }
}
