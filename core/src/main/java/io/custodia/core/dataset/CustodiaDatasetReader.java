package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.dataset.Sources.CollectionSource;
import io.custodia.core.dataset.Sources.DatasetSource;
import io.custodia.core.dataset.Sources.FieldSource;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads the Custodia dataset format; see {@link DatasetFiles} for the format. */
final class CustodiaDatasetReader {
    private static final Set<String> DOCUMENT_KEYS = Set.of("format", "dataset");
    private static final Set<String> DATASET_KEYS = Set.of("key", "name", "description", "collections");
    private static final Set<String> COLLECTION_KEYS = Set.of("name", "description", "erasure", "fields");
    private static final Set<String> FIELD_KEYS = Set.of(
            "name",
            "description",
            "data_categories",
            "identity",
            "primary_key",
            "data_type",
            "length",
            "references",
            "erasure");
    private static final Set<String> REFERENCE_KEYS = Set.of("dataset", "collection", "field", "direction");

    private final List<FieldError> errors = new ArrayList<>();

    private CustodiaDatasetReader() {}

    static ParsedDatasets read(String yaml) {
        return new CustodiaDatasetReader().readDocument(yaml);
    }

    private ParsedDatasets readDocument(String yaml) {
        Object root = DatasetYaml.read(yaml);
        if (!(root instanceof Map<?, ?> document)) {
            throw InvalidInputException.of(
                    "body", "must be a YAML mapping with format: " + DatasetFiles.FORMAT + " and a dataset list");
        }
        YamlValues.onlyKeys(document, "", DOCUMENT_KEYS, "a Custodia dataset file: use format and dataset", errors);
        Object format = document.get("format");
        if (format != null && !DatasetFiles.FORMAT.equals(format)) {
            errors.add(new FieldError("format", "must be " + DatasetFiles.FORMAT));
        }
        if (!document.containsKey("dataset")) {
            errors.add(new FieldError("dataset", "is required: a list of datasets"));
        }
        List<Dataset> datasets = new ArrayList<>();
        List<DatasetSource> sources = new ArrayList<>();
        List<?> items = YamlValues.list(document.get("dataset"), "dataset", errors);
        for (int index = 0; index < items.size(); index++) {
            String path = "dataset[" + index + "]";
            Map<?, ?> fields = YamlValues.map(items.get(index), path, "a dataset with key and collections", errors);
            readDataset(fields, path, datasets, sources);
        }
        DatasetChecks.check(datasets, sources, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The dataset file is invalid", errors);
        }
        return new ParsedDatasets(datasets, List.of());
    }

    private void readDataset(Map<?, ?> map, String path, List<Dataset> datasets, List<DatasetSource> sources) {
        YamlValues.onlyKeys(map, path, DATASET_KEYS, "a dataset", errors);
        String key = datasetKey(map.get("key"), path + ".key");
        String name = YamlValues.text(map.get("name"), path + ".name", false, YamlValues.MAX_NAME, errors);
        String description = YamlValues.text(
                map.get("description"), path + ".description", false, YamlValues.MAX_DESCRIPTION, errors);
        List<DatasetCollection> collections = new ArrayList<>();
        List<CollectionSource> collectionSources = new ArrayList<>();
        String collectionsPath = path + ".collections";
        List<?> items = YamlValues.list(map.get("collections"), collectionsPath, errors);
        if (items.isEmpty() && map.get("collections") == null) {
            errors.add(new FieldError(collectionsPath, "is required: a list of collections"));
        }
        for (int index = 0; index < items.size(); index++) {
            String collectionPath = collectionsPath + "[" + index + "]";
            Map<?, ?> fields =
                    YamlValues.map(items.get(index), collectionPath, "a collection with name and fields", errors);
            readCollection(fields, collectionPath, collections, collectionSources);
        }
        datasets.add(new Dataset(key, name == null ? key : name, description == null ? "" : description, collections));
        sources.add(new DatasetSource(path, path + ".key", collectionSources));
    }

    private void readCollection(
            Map<?, ?> map, String path, List<DatasetCollection> collections, List<CollectionSource> sources) {
        YamlValues.onlyKeys(map, path, COLLECTION_KEYS, "a collection", errors);
        String name = name(map.get("name"), path + ".name");
        String description = YamlValues.text(
                map.get("description"), path + ".description", false, YamlValues.MAX_DESCRIPTION, errors);
        ErasureStrategy erasure = erasure(map.get("erasure"), path + ".erasure");
        List<DatasetField> fields = new ArrayList<>();
        List<FieldSource> fieldSources = new ArrayList<>();
        String fieldsPath = path + ".fields";
        List<?> items = YamlValues.list(map.get("fields"), fieldsPath, errors);
        if (items.isEmpty()) {
            errors.add(new FieldError(fieldsPath, "is required: a list of fields"));
        }
        for (int index = 0; index < items.size(); index++) {
            String fieldPath = fieldsPath + "[" + index + "]";
            Map<?, ?> entry = YamlValues.map(items.get(index), fieldPath, "a field with a name", errors);
            readField(entry, fieldPath, fields, fieldSources);
        }
        collections.add(new DatasetCollection(name, description == null ? "" : description, fields, erasure));
        sources.add(new CollectionSource(path, path + ".name", path + ".erasure", fieldSources));
    }

    private void readField(Map<?, ?> map, String path, List<DatasetField> fields, List<FieldSource> sources) {
        YamlValues.onlyKeys(map, path, FIELD_KEYS, "a field", errors);
        String name = fieldName(map.get("name"), path + ".name");
        String description = YamlValues.text(
                map.get("description"), path + ".description", false, YamlValues.MAX_DESCRIPTION, errors);
        var categories = YamlValues.categories(map.get("data_categories"), path + ".data_categories", errors);
        IdentityScheme identity = identity(map.get("identity"), path + ".identity");
        boolean primaryKey = YamlValues.flag(map.get("primary_key"), path + ".primary_key", errors);
        DataType dataType = YamlValues.dataType(map.get("data_type"), path + ".data_type", errors);
        Integer length = YamlValues.positive(map.get("length"), path + ".length", errors);
        List<Reference> references = new ArrayList<>();
        List<String> referencePaths = new ArrayList<>();
        YamlValues.references(
                map.get("references"), path + ".references", this::reference, references, referencePaths, errors);
        ErasureStrategy erasure = erasure(map.get("erasure"), path + ".erasure");
        fields.add(new DatasetField(
                name,
                description == null ? "" : description,
                categories,
                identity,
                primaryKey,
                dataType,
                length,
                references,
                erasure));
        sources.add(new FieldSource(path, path + ".name", path + ".erasure", referencePaths));
    }

    private @Nullable Reference reference(@Nullable Object value, String path) {
        Map<?, ?> map = YamlValues.map(value, path, "a reference with collection, field and direction", errors);
        YamlValues.onlyKeys(map, path, REFERENCE_KEYS, "a reference", errors);
        int before = errors.size();
        String dataset = null;
        if (map.get("dataset") != null) {
            dataset = datasetKey(map.get("dataset"), path + ".dataset");
        }
        String collection = name(map.get("collection"), path + ".collection");
        String field = fieldName(map.get("field"), path + ".field");
        Reference.Direction direction = Reference.Direction.BOTH;
        Object directionValue = map.get("direction");
        if ("from".equals(directionValue)) {
            direction = Reference.Direction.FROM;
        } else if ("to".equals(directionValue)) {
            direction = Reference.Direction.TO;
        } else if (directionValue != null) {
            errors.add(new FieldError(
                    path + ".direction", "must be from or to; leave it out to follow the reference either way"));
        }
        return errors.size() > before ? null : new Reference(dataset, collection, field, direction);
    }

    private @Nullable ErasureStrategy erasure(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof String key) {
            var strategy = ErasureStrategy.of(key);
            if (strategy.isPresent()) {
                return strategy.get();
            }
            errors.add(new FieldError(
                    path,
                    "keep".equals(key)
                            ? "keep needs a legal reason and a retention: {keep: {reason: ..., retention: P10Y}}"
                            : "'" + YamlValues.abbreviate(key) + "' is not an erasure strategy; use "
                                    + ErasureStrategy.keys()));
            return null;
        }
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("keep")) {
            String keepPath = path + ".keep";
            Map<?, ?> keep = YamlValues.map(map.get("keep"), keepPath, "{reason: ..., retention: P10Y}", errors);
            YamlValues.onlyKeys(keep, keepPath, Set.of("reason", "retention"), "keep", errors);
            String reason =
                    YamlValues.text(keep.get("reason"), keepPath + ".reason", true, YamlValues.MAX_REASON, errors);
            Period retention = YamlValues.period(keep.get("retention"), keepPath + ".retention", errors);
            return reason == null || retention == null ? null : new ErasureStrategy.Keep(reason, retention);
        }
        errors.add(new FieldError(path, "must be " + ErasureStrategy.keys()));
        return null;
    }

    private @Nullable IdentityScheme identity(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        var scheme = IdentityScheme.of(String.valueOf(value));
        if (scheme.isEmpty()) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(String.valueOf(value)) + "' is not an identifier scheme; use "
                            + IdentityScheme.keys()));
            return null;
        }
        return scheme.get();
    }

    private String datasetKey(@Nullable Object value, String path) {
        String key = YamlValues.text(value, path, true, 100, errors);
        if (key != null && !YamlValues.isDatasetKey(key)) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(key) + "' is not a dataset key: use letters, digits, _, . and -"));
            return "";
        }
        return key == null ? "" : key;
    }

    private String name(@Nullable Object value, String path) {
        String name = YamlValues.text(value, path, true, 63, errors);
        if (name != null && !YamlValues.isName(name)) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(name) + "' is not a collection name: start with a letter or _, then"
                            + " letters, digits, _, $ or -"));
            return "";
        }
        return name == null ? "" : name;
    }

    private String fieldName(@Nullable Object value, String path) {
        String name = YamlValues.text(value, path, true, 255, errors);
        if (name != null && !YamlValues.isFieldName(name)) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(name) + "' is not a field name: start with a letter or _, then"
                            + " letters, digits, _, $ or -; dots separate the levels of a nested field"));
            return "";
        }
        return name == null ? "" : name;
    }
}
