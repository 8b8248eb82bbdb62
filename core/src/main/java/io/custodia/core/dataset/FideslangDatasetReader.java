package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.dataset.Sources.CollectionSource;
import io.custodia.core.dataset.Sources.DatasetSource;
import io.custodia.core.dataset.Sources.FieldSource;
import io.custodia.core.taxonomy.TermKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the datasets of a fideslang file; see {@link DatasetFiles#readFideslang} for what is read and how. */
final class FideslangDatasetReader {
    /** fideslang identity names, which are free text in Fides, onto the schemes a request carries. */
    private static final Map<String, IdentityScheme> IDENTITIES = Map.of(
            "email", IdentityScheme.EMAIL,
            "phone_number", IdentityScheme.PHONE,
            "phone", IdentityScheme.PHONE,
            "customer_id", IdentityScheme.CUSTOMER_ID,
            "customer_number", IdentityScheme.CUSTOMER_ID,
            "user_id", IdentityScheme.CUSTOMER_ID,
            "device_id", IdentityScheme.DEVICE_ID,
            "fides_user_device_id", IdentityScheme.DEVICE_ID);

    /** Fides masking strategies that have a Custodia equivalent. Fides salts its hash with a secret: a keyed hash. */
    private static final Map<String, ErasureStrategy> FIELD_MASKING = Map.of(
            "null_rewrite", ErasureStrategy.SET_NULL,
            "hash", ErasureStrategy.KEYED_HASH,
            "hmac", ErasureStrategy.KEYED_HASH,
            "random_string_rewrite", ErasureStrategy.RANDOM);

    private final List<FieldError> errors = new ArrayList<>();
    private final List<FieldError> warnings = new ArrayList<>();

    private FideslangDatasetReader() {}

    static ParsedDatasets read(String yaml) {
        return new FideslangDatasetReader().readDocument(yaml);
    }

    private ParsedDatasets readDocument(String yaml) {
        Object root = DatasetYaml.read(yaml);
        if (!(root instanceof Map<?, ?> document) || !document.containsKey("dataset")) {
            throw InvalidInputException.of("dataset", "is required: a fideslang file with a dataset list");
        }
        List<Dataset> datasets = new ArrayList<>();
        List<DatasetSource> sources = new ArrayList<>();
        List<?> items = YamlValues.list(document.get("dataset"), "dataset", errors);
        for (int index = 0; index < items.size(); index++) {
            String path = "dataset[" + index + "]";
            Map<?, ?> fields =
                    YamlValues.map(items.get(index), path, "a dataset with fides_key and collections", errors);
            readDataset(fields, path, datasets, sources);
        }
        DatasetChecks.check(datasets, sources, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The fideslang dataset file is invalid", errors);
        }
        return new ParsedDatasets(datasets, warnings);
    }

    private void readDataset(Map<?, ?> map, String path, List<Dataset> datasets, List<DatasetSource> sources) {
        String keyPath = path + ".fides_key";
        String key = YamlValues.text(map.get("fides_key"), keyPath, true, 100, errors);
        if (key != null && !YamlValues.isDatasetKey(key)) {
            errors.add(new FieldError(
                    keyPath,
                    "'" + YamlValues.abbreviate(key) + "' is not a dataset key: use letters, digits, _, . and -"));
            key = null;
        }
        String name = YamlValues.text(map.get("name"), path + ".name", false, YamlValues.MAX_NAME, errors);
        String description = YamlValues.text(
                map.get("description"), path + ".description", false, YamlValues.MAX_DESCRIPTION, errors);
        List<TermKey> categories = YamlValues.categories(map.get("data_categories"), path + ".data_categories", errors);
        String metaKey = metaKey(map);
        Map<?, ?> meta = YamlValues.map(map.get(metaKey), path + "." + metaKey, "a mapping", errors);
        notUsed(meta.get("after"), path + "." + metaKey + ".after", "the order of a traversal follows the references");
        List<DatasetCollection> collections = new ArrayList<>();
        List<CollectionSource> collectionSources = new ArrayList<>();
        List<?> items = YamlValues.list(map.get("collections"), path + ".collections", errors);
        if (items.isEmpty()) {
            errors.add(new FieldError(path + ".collections", "is required: a list of collections"));
        }
        for (int index = 0; index < items.size(); index++) {
            String collectionPath = path + ".collections[" + index + "]";
            Map<?, ?> fields =
                    YamlValues.map(items.get(index), collectionPath, "a collection with name and fields", errors);
            readCollection(fields, collectionPath, categories, collections, collectionSources);
        }
        String datasetKey = key == null ? "" : key;
        datasets.add(new Dataset(
                datasetKey, name == null ? datasetKey : name, description == null ? "" : description, collections));
        sources.add(new DatasetSource(path, keyPath, collectionSources));
    }

    private void readCollection(
            Map<?, ?> map,
            String path,
            List<TermKey> inherited,
            List<DatasetCollection> collections,
            List<CollectionSource> sources) {
        String name = name(map.get("name"), path + ".name", "collection");
        String description = YamlValues.text(
                map.get("description"), path + ".description", false, YamlValues.MAX_DESCRIPTION, errors);
        List<TermKey> own = YamlValues.categories(map.get("data_categories"), path + ".data_categories", errors);
        List<TermKey> categories = own.isEmpty() ? inherited : own;
        String metaPath = path + "." + metaKey(map);
        Map<?, ?> meta = YamlValues.map(map.get(metaKey(map)), metaPath, "a mapping", errors);
        notUsed(meta.get("after"), metaPath + ".after", "the order of a traversal follows the references");
        notUsed(meta.get("erase_after"), metaPath + ".erase_after", "erasure runs children before parents");
        if (Boolean.TRUE.equals(meta.get("skip_processing"))) {
            warnings.add(new FieldError(
                    metaPath + ".skip_processing",
                    "is not used: the collection takes part in requests; remove it from the file to leave it out"));
        }
        String erasurePath = metaPath + ".masking_strategy_override";
        ErasureStrategy erasure = null;
        Object override = meta.get("masking_strategy_override");
        if (override != null) {
            Map<?, ?> strategy = YamlValues.map(override, erasurePath, "{strategy: delete}", errors);
            if ("delete".equals(strategy.get("strategy"))) {
                erasure = ErasureStrategy.DELETE_ROW;
            } else {
                errors.add(new FieldError(erasurePath + ".strategy", "must be delete"));
            }
        }
        List<DatasetField> fields = new ArrayList<>();
        List<FieldSource> fieldSources = new ArrayList<>();
        List<?> items = YamlValues.list(map.get("fields"), path + ".fields", errors);
        if (items.isEmpty()) {
            errors.add(new FieldError(path + ".fields", "is required: a list of fields"));
        }
        readFields(items, path + ".fields", "", categories, fields, fieldSources);
        collections.add(new DatasetCollection(name, description == null ? "" : description, fields, erasure));
        sources.add(new CollectionSource(path, path + ".name", erasurePath, fieldSources));
    }

    /** Reads fields, flattening nested ones into dotted names: {@code address: {fields: [city]}} gives {@code address.city}. */
    private void readFields(
            List<?> items,
            String listPath,
            String prefix,
            List<TermKey> inherited,
            List<DatasetField> fields,
            List<FieldSource> sources) {
        for (int index = 0; index < items.size(); index++) {
            String path = listPath + "[" + index + "]";
            Map<?, ?> map = YamlValues.map(items.get(index), path, "a field with a name", errors);
            String name = name(map.get("name"), path + ".name", "field");
            String description = YamlValues.text(
                    map.get("description"), path + ".description", false, YamlValues.MAX_DESCRIPTION, errors);
            List<TermKey> own = YamlValues.categories(map.get("data_categories"), path + ".data_categories", errors);
            List<TermKey> categories = own.isEmpty() ? inherited : own;
            List<?> children = YamlValues.list(map.get("fields"), path + ".fields", errors);
            if (!children.isEmpty()) {
                readFields(children, path + ".fields", prefix + name + ".", categories, fields, sources);
                continue;
            }
            String metaKey = metaKey(map);
            String metaPath = path + "." + metaKey;
            Map<?, ?> meta = YamlValues.map(map.get(metaKey), metaPath, "a mapping", errors);
            IdentityScheme identity = identity(meta.get("identity"), metaPath + ".identity");
            boolean primaryKey = YamlValues.flag(meta.get("primary_key"), metaPath + ".primary_key", errors);
            DataType dataType = YamlValues.dataType(meta.get("data_type"), metaPath + ".data_type", errors);
            Integer length = YamlValues.positive(meta.get("length"), metaPath + ".length", errors);
            List<Reference> references = new ArrayList<>();
            List<String> referencePaths = new ArrayList<>();
            YamlValues.references(
                    meta.get("references"),
                    metaPath + ".references",
                    this::reference,
                    references,
                    referencePaths,
                    errors);
            String erasurePath = metaPath + ".masking_strategy_override";
            ErasureStrategy erasure = masking(meta.get("masking_strategy_override"), erasurePath);
            if (Boolean.TRUE.equals(meta.get("read_only")) && erasure == null) {
                warnings.add(new FieldError(
                        metaPath + ".read_only",
                        "is not used: an erasure treats the field as any other; to leave it unchanged, give it keep"
                                + " with a reason in Custodia format"));
            }
            fields.add(new DatasetField(
                    name.isEmpty() ? "" : prefix + name,
                    description == null ? "" : description,
                    categories,
                    identity,
                    primaryKey,
                    dataType,
                    length,
                    references,
                    erasure));
            sources.add(new FieldSource(path, path + ".name", erasurePath, referencePaths));
        }
    }

    private @Nullable Reference reference(@Nullable Object value, String path) {
        Map<?, ?> map = YamlValues.map(value, path, "a reference with dataset, field and direction", errors);
        int before = errors.size();
        String dataset = YamlValues.text(map.get("dataset"), path + ".dataset", false, 100, errors);
        if (dataset != null && !YamlValues.isDatasetKey(dataset)) {
            errors.add(
                    new FieldError(path + ".dataset", "'" + YamlValues.abbreviate(dataset) + "' is not a dataset key"));
        }
        String address = YamlValues.text(map.get("field"), path + ".field", true, 320, errors);
        int dot = address == null ? -1 : address.indexOf('.');
        if (address != null
                && (dot < 0
                        || !YamlValues.isName(address.substring(0, dot))
                        || !YamlValues.isFieldName(address.substring(dot + 1)))) {
            errors.add(new FieldError(
                    path + ".field",
                    "'" + YamlValues.abbreviate(address) + "' must be collection.field, e.g. customer.id"));
        }
        Reference.Direction direction = Reference.Direction.BOTH;
        Object directionValue = map.get("direction");
        if ("from".equals(directionValue)) {
            direction = Reference.Direction.FROM;
        } else if ("to".equals(directionValue)) {
            direction = Reference.Direction.TO;
        } else if (directionValue != null) {
            errors.add(new FieldError(path + ".direction", "must be from or to, or left out"));
        }
        if (errors.size() > before || address == null) {
            return null;
        }
        return new Reference(dataset, address.substring(0, dot), address.substring(dot + 1), direction);
    }

    private @Nullable ErasureStrategy masking(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        Map<?, ?> map = YamlValues.map(value, path, "{strategy: ...}", errors);
        Object strategy = map.get("strategy");
        ErasureStrategy erasure = strategy == null ? null : FIELD_MASKING.get(String.valueOf(strategy));
        if (erasure == null) {
            errors.add(new FieldError(
                    path + ".strategy",
                    "'" + YamlValues.abbreviate(String.valueOf(strategy)) + "' has no Custodia equivalent; use "
                            + String.join(
                                    ", ",
                                    FIELD_MASKING.keySet().stream().sorted().toList())
                            + ", or give the field an erasure strategy in Custodia format"));
        }
        return erasure;
    }

    private @Nullable IdentityScheme identity(@Nullable Object value, String path) {
        if (value == null) {
            return null;
        }
        IdentityScheme scheme = IDENTITIES.get(String.valueOf(value));
        if (scheme == null) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(String.valueOf(value)) + "' is not an identity Custodia knows; use "
                            + String.join(
                                    ", ", IDENTITIES.keySet().stream().sorted().toList())));
        }
        return scheme;
    }

    private String name(@Nullable Object value, String path, String what) {
        String name = YamlValues.text(value, path, true, 63, errors);
        if (name != null && !YamlValues.isName(name)) {
            errors.add(new FieldError(
                    path,
                    "'" + YamlValues.abbreviate(name) + "' is not a " + what + " name: start with a letter or _, then"
                            + " letters, digits, _, $ or -"));
            return "";
        }
        return name == null ? "" : name;
    }

    private void notUsed(@Nullable Object value, String path, String why) {
        if (value instanceof List<?> list && !list.isEmpty()) {
            warnings.add(new FieldError(path, "is not used: " + why));
        }
    }

    /** fideslang's metadata key, or its older name {@code fidesops_meta}. */
    private static String metaKey(Map<?, ?> map) {
        return map.containsKey("fides_meta") || !map.containsKey("fidesops_meta") ? "fides_meta" : "fidesops_meta";
    }
}
