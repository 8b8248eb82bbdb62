package io.custodia.core.dataset;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.TermKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Custodia dataset file format, and the import of fideslang dataset files.
 *
 * <p>A Custodia dataset file is YAML close to fideslang's, with the erasure strategy added and fideslang's {@code
 * fides_meta} flattened into the field:
 *
 * <pre>{@code
 * format: custodia-dataset/1
 * dataset:
 *   - key: telecom_shop
 *     name: Web shop database
 *     collections:
 *       - name: customer
 *         erasure: delete_row
 *         fields:
 *           - name: id
 *             data_categories: [user.account.customer_number]
 *             identity: customer_id
 *             primary_key: true
 *             data_type: integer
 *           - name: email
 *             data_categories: [user.contact.email]
 *             identity: email
 *       - name: orders
 *         erasure: {keep: {reason: Invoices are kept ten years by tax law, retention: P10Y}}
 *         fields:
 *           - name: customer_id
 *             data_categories: [user.account.customer_number]
 *             references: [{collection: customer, field: id, direction: from}]
 *             erasure: set_null
 * }</pre>
 *
 * <p>Reading is all or nothing: a file with any error throws an {@link InvalidInputException} listing every error
 * under its path in the file, e.g. {@code dataset[0].collections[2].fields[1].name}. The full description of both
 * formats is in the project's {@code docs/datasets.md}.
 */
public final class DatasetFiles {
    /** The value of the {@code format} line of the files this version reads and writes. */
    public static final String FORMAT = "custodia-dataset/1";

    private DatasetFiles() {}

    /**
     * Reads a Custodia dataset file.
     *
     * @throws InvalidInputException listing every error, with its path in the file
     */
    public static ParsedDatasets readCustodia(String yaml) {
        return CustodiaDatasetReader.read(yaml);
    }

    /**
     * Reads the datasets of a fideslang file (Ethyca Fides), so that Fides users can bring their datasets.
     *
     * <p>Of each dataset: {@code fides_key}, {@code name}, {@code description}, {@code data_categories} and its
     * {@code collections}; of each collection: {@code name}, {@code description}, {@code data_categories}, {@code
     * fields} and {@code fides_meta.masking_strategy_override: {strategy: delete}} (rows deleted); of each field:
     * {@code name}, {@code description}, {@code data_categories}, nested {@code fields} (flattened into dotted
     * names), and in {@code fides_meta} (or the older {@code fidesops_meta}) {@code identity}, {@code primary_key},
     * {@code data_type}, {@code length}, {@code references} and {@code masking_strategy_override}. A field without
     * data categories takes those of its collection, then of its dataset. Data-category keys are taxonomy keys as
     * they are. The ordering hints {@code after} and {@code erase_after}, {@code skip_processing} and {@code
     * read_only} are reported as warnings: they are not used. Other fideslang fields are left aside.
     *
     * @throws InvalidInputException listing every error, with its path in the file
     */
    public static ParsedDatasets readFideslang(String yaml) {
        return FideslangDatasetReader.read(yaml);
    }

    /**
     * Writes datasets as a Custodia dataset file, which {@link #readCustodia} reads back to equal datasets. A
     * dataset imported from fideslang can so be completed with erasure strategies.
     */
    public static String writeCustodia(List<Dataset> datasets) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        List<Object> entries = new ArrayList<>();
        for (Dataset dataset : datasets) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", dataset.key());
            entry.put("name", dataset.name());
            putText(entry, "description", dataset.description());
            List<Object> collections = new ArrayList<>();
            for (DatasetCollection collection : dataset.collections()) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("name", collection.name());
                putText(map, "description", collection.description());
                if (collection.erasure() != null) {
                    map.put("erasure", erasure(collection.erasure()));
                }
                map.put(
                        "fields",
                        collection.fields().stream().map(DatasetFiles::field).toList());
                collections.add(map);
            }
            entry.put("collections", collections);
            entries.add(entry);
        }
        document.put("dataset", entries);
        return "# Custodia datasets: collections, fields, data categories, identities, references and erasure.\n"
                + DatasetYaml.write(document);
    }

    private static Map<String, Object> field(DatasetField field) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", field.name());
        putText(map, "description", field.description());
        if (!field.dataCategories().isEmpty()) {
            map.put(
                    "data_categories",
                    field.dataCategories().stream().map(TermKey::value).toList());
        }
        if (field.identity() != null) {
            map.put("identity", field.identity().key());
        }
        if (field.primaryKey()) {
            map.put("primary_key", true);
        }
        if (field.dataType() != null) {
            map.put("data_type", field.dataType().toString());
        }
        if (field.length() != null) {
            map.put("length", field.length().toString());
        }
        if (!field.references().isEmpty()) {
            List<Object> references = new ArrayList<>();
            for (Reference reference : field.references()) {
                Map<String, Object> link = new LinkedHashMap<>();
                if (reference.dataset() != null) {
                    link.put("dataset", reference.dataset());
                }
                link.put("collection", reference.collection());
                link.put("field", reference.field());
                if (reference.direction() != Reference.Direction.BOTH) {
                    link.put("direction", reference.direction().key());
                }
                references.add(link);
            }
            map.put("references", references);
        }
        if (field.erasure() != null) {
            map.put("erasure", erasure(field.erasure()));
        }
        return map;
    }

    private static Object erasure(ErasureStrategy strategy) {
        if (strategy instanceof ErasureStrategy.Keep keep) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", keep.reason());
            details.put("retention", keep.retention().toString());
            return Map.of("keep", details);
        }
        return strategy.key();
    }

    private static void putText(Map<String, Object> map, String key, String text) {
        if (!text.isEmpty()) {
            map.put(key, text);
        }
    }
}
