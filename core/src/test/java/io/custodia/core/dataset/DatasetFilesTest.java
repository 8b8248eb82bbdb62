package io.custodia.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.dataset.ErasureStrategy.Keep;
import io.custodia.core.taxonomy.TermKey;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and writing dataset files in Custodia format and importing fideslang. */
class DatasetFilesTest {

    @Test
    void custodiaFile_givesCollectionsFieldsReferencesAndErasure() {
        ParsedDatasets parsed = DatasetFiles.readCustodia(TelecomShop.text("telecom-shop.custodia.yml"));

        assertThat(parsed.warnings()).isEmpty();
        Dataset shop = parsed.datasets().get(0);
        assertThat(shop.key()).isEqualTo("telecom_shop");
        assertThat(shop.name()).isEqualTo("Telecom shop");
        assertThat(shop.collections())
                .extracting(DatasetCollection::name)
                .containsExactly(
                        "customer",
                        "address",
                        "payment_card",
                        "subscription",
                        "orders",
                        "order_item",
                        "product",
                        "login",
                        "visit",
                        "service_request");
        DatasetCollection customer = shop.collection("customer").orElseThrow();
        assertThat(customer.erasure()).isEqualTo(ErasureStrategy.DELETE_ROW);
        DatasetField email = customer.field("email").orElseThrow();
        assertThat(email.identity()).isEqualTo(IdentityScheme.EMAIL);
        assertThat(email.dataCategories()).containsExactly(TermKey.of("user.contact.email"));
        assertThat(email.dataType()).isEqualTo(DataType.of("string").orElseThrow());
        assertThat(email.length()).isEqualTo(120);
        assertThat(customer.primaryKey()).extracting(DatasetField::name).containsExactly("id");

        DatasetCollection orders = shop.collection("orders").orElseThrow();
        assertThat(orders.erasure())
                .isEqualTo(new Keep("Invoices are kept ten years by commercial and tax law.", Period.ofYears(10)));
        DatasetField customerId = orders.field("customer_id").orElseThrow();
        assertThat(customerId.references())
                .containsExactly(new Reference(null, "customer", "id", Reference.Direction.FROM));
        assertThat(customerId.erasure()).isEqualTo(ErasureStrategy.SET_NULL);
        assertThat(shop.collection("subscription")
                        .orElseThrow()
                        .field("customer_id")
                        .orElseThrow()
                        .references())
                .containsExactly(new Reference(null, "customer", "id", Reference.Direction.BOTH));
    }

    @Test
    void fideslangFile_givesTheSameStore_withIdentitiesMappedAndMaskingOverrides() {
        ParsedDatasets parsed = DatasetFiles.readFideslang(TelecomShop.text("telecom-shop.fides.yml"));

        assertThat(parsed.warnings()).isEmpty();
        Dataset shop = parsed.datasets().get(0);
        Dataset custodia = TelecomShop.custodia();
        assertThat(shop.collections()).hasSameSizeAs(custodia.collections());
        for (DatasetCollection collection : custodia.collections()) {
            DatasetCollection imported = shop.collection(collection.name()).orElseThrow();
            assertThat(imported.fields())
                    .extracting(DatasetField::name)
                    .containsExactlyInAnyOrderElementsOf(
                            collection.fields().stream().map(DatasetField::name).toList());
            for (DatasetField field : collection.fields()) {
                DatasetField twin = imported.field(field.name()).orElseThrow();
                assertThat(twin.identity()).as(field.name()).isEqualTo(field.identity());
                assertThat(twin.primaryKey()).as(field.name()).isEqualTo(field.primaryKey());
                assertThat(twin.dataCategories()).as(field.name()).isEqualTo(field.dataCategories());
                assertThat(twin.references())
                        .as(field.name())
                        .extracting(Reference::collection, Reference::field, Reference::direction)
                        .containsExactlyElementsOf(field.references().stream()
                                .map(reference -> org.assertj.core.groups.Tuple.tuple(
                                        reference.collection(), reference.field(), reference.direction()))
                                .toList());
            }
        }
        // fideslang names the dataset in every reference; phone_number and customer_number are our phone and
        // customer_id; a collection's delete override deletes rows; Fides's salted hash is a keyed hash.
        assertThat(shop.collection("login")
                        .orElseThrow()
                        .field("customer_id")
                        .orElseThrow()
                        .references())
                .containsExactly(new Reference("telecom_shop", "customer", "id", Reference.Direction.FROM));
        assertThat(shop.collection("subscription")
                        .orElseThrow()
                        .field("msisdn")
                        .orElseThrow()
                        .identity())
                .isEqualTo(IdentityScheme.PHONE);
        assertThat(shop.collection("customer").orElseThrow().erasure()).isEqualTo(ErasureStrategy.DELETE_ROW);
        assertThat(shop.collection("visit")
                        .orElseThrow()
                        .field("email")
                        .orElseThrow()
                        .erasure())
                .isEqualTo(ErasureStrategy.KEYED_HASH);
    }

    @Test
    void fideslangNestedFields_areFlattenedIntoDottedNames_andInheritCategories() {
        String yaml = """
                dataset:
                  - fides_key: crm
                    data_categories: [user]
                    collections:
                      - name: profiles
                        fields:
                          - name: _id
                            fidesops_meta: {primary_key: true, data_type: object_id}
                          - name: contact
                            data_categories: [user.contact]
                            fields:
                              - name: email
                                data_categories: [user.contact.email]
                                fides_meta: {identity: email}
                              - name: phone
                          - name: notes
                """;

        Dataset crm = DatasetFiles.readFideslang(yaml).datasets().get(0);

        DatasetCollection profiles = crm.collections().get(0);
        assertThat(profiles.fields())
                .extracting(DatasetField::name)
                .containsExactly("_id", "contact.email", "contact.phone", "notes");
        assertThat(profiles.field("contact.phone").orElseThrow().dataCategories())
                .containsExactly(TermKey.of("user.contact"));
        assertThat(profiles.field("notes").orElseThrow().dataCategories()).containsExactly(TermKey.of("user"));
        assertThat(profiles.field("_id").orElseThrow().primaryKey()).isTrue();
        assertThat(profiles.field("contact.email").orElseThrow().nested()).isTrue();
    }

    @Test
    void fideslangOrderingHintsAndReadOnly_areReadButReportedAsNotUsed() {
        String yaml = """
                dataset:
                  - fides_key: crm
                    collections:
                      - name: people
                        fides_meta:
                          after: [crm.accounts]
                          skip_processing: true
                        fields:
                          - name: email
                            data_categories: [user.contact.email]
                            fides_meta: {identity: email, read_only: true}
                """;

        ParsedDatasets parsed = DatasetFiles.readFideslang(yaml);

        assertThat(parsed.warnings())
                .extracting(FieldError::field)
                .containsExactly(
                        "dataset[0].collections[0].fides_meta.after",
                        "dataset[0].collections[0].fides_meta.skip_processing",
                        "dataset[0].collections[0].fields[0].fides_meta.read_only");
    }

    @Test
    void badCustodiaFile_namesEveryErrorByItsPath_atOnce() {
        String yaml = """
                format: custodia-dataset/1
                dataset:
                  - key: shop
                    collections:
                      - name: customer
                        erasure: erase_everything
                        fields:
                          - {name: id, primary_key: yes}
                          - {name: email, identity: e-mail, data_categories: [User.Email]}
                      - name: orders
                        fields:
                          - name: customer_id
                            references: [{collection: customers, field: id, direction: up}]
                          - {name: total, erasure: keep}
                          - {name: "bad name"}
                          - {name: id, data_type: decimal, length: -3}
                          - {name: id}
                          - {name: note, erasure: {keep: {reason: "", retention: 10 years}}}
                          - {name: code, fides_meta: {primary_key: true}}
                """;

        assertThatThrownBy(() -> DatasetFiles.readCustodia(yaml))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder(
                                "dataset[0].collections[0].erasure",
                                "dataset[0].collections[0].fields[0].primary_key",
                                "dataset[0].collections[0].fields[1].data_categories[0]",
                                "dataset[0].collections[0].fields[1].identity",
                                "dataset[0].collections[1].fields[0].references[0].direction",
                                "dataset[0].collections[1].fields[1].erasure",
                                "dataset[0].collections[1].fields[2].name",
                                "dataset[0].collections[1].fields[3].data_type",
                                "dataset[0].collections[1].fields[3].length",
                                "dataset[0].collections[1].fields[4].name",
                                "dataset[0].collections[1].fields[5].erasure.keep.reason",
                                "dataset[0].collections[1].fields[5].erasure.keep.retention",
                                "dataset[0].collections[1].fields[6].fides_meta"));
    }

    @Test
    void referencesToMissingCollectionsOrFields_andBadStrategies_areErrorsOnTheirPath() {
        String yaml = """
                dataset:
                  - key: shop
                    collections:
                      - name: customer
                        erasure: delete_row
                        fields:
                          - {name: id, primary_key: true, data_type: integer, erasure: hash}
                          - {name: email, identity: email, data_categories: [user.contact.email]}
                          - name: invoice_total
                            data_categories: [user.financial]
                            erasure: {keep: {reason: Tax law, retention: P10Y}}
                      - name: orders
                        fields:
                          - {name: id, primary_key: true}
                          - name: customer_id
                            references: [{collection: customers, field: id, direction: from}]
                          - name: buyer
                            references: [{collection: customer, field: number, direction: from}]
                          - name: self
                            references: [{collection: orders, field: self, direction: to}]
                          - {name: amount, data_type: float, erasure: keyed_hash}
                          - {name: code, data_type: string, length: 10, erasure: hash}
                          - {name: tags, data_type: "string[]", erasure: random}
                          - {name: elsewhere, references: [{dataset: billing, collection: invoices, field: id}]}
                """;

        assertThatThrownBy(() -> DatasetFiles.readCustodia(yaml))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder(
                                "dataset[0].collections[0].fields[0].erasure",
                                "dataset[0].collections[0].fields[2].erasure",
                                "dataset[0].collections[1].fields[1].references[0]",
                                "dataset[0].collections[1].fields[2].references[0]",
                                "dataset[0].collections[1].fields[3].references[0]",
                                "dataset[0].collections[1].fields[4].erasure",
                                "dataset[0].collections[1].fields[5].erasure",
                                "dataset[0].collections[1].fields[6].erasure"));
    }

    @Test
    void badFideslangFile_namesFideslangPaths() {
        String yaml = """
                dataset:
                  - fides_key: shop
                    collections:
                      - name: customer
                        fides_meta:
                          masking_strategy_override: {strategy: truncate}
                        fields:
                          - name: email
                            fides_meta:
                              identity: loyalty_card
                              references: [{dataset: shop, field: orders, direction: sideways}]
                              masking_strategy_override: {strategy: aes_encrypt}
                  - fides_key: shop
                    collections:
                      - name: other
                        fields: [{name: id}]
                """;

        assertThatThrownBy(() -> DatasetFiles.readFideslang(yaml))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder(
                                "dataset[0].collections[0].fides_meta.masking_strategy_override.strategy",
                                "dataset[0].collections[0].fields[0].fides_meta.identity",
                                "dataset[0].collections[0].fields[0].fides_meta.references[0].field",
                                "dataset[0].collections[0].fields[0].fides_meta.references[0].direction",
                                "dataset[0].collections[0].fields[0].fides_meta.masking_strategy_override.strategy",
                                "dataset[1].fides_key"));
    }

    @Test
    void notYaml_orNoDatasetList_isRefused() {
        assertThatThrownBy(() -> DatasetFiles.readCustodia("dataset: [unclosed"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("body"));
        assertThatThrownBy(() -> DatasetFiles.readFideslang("system: []"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactly("dataset"));
        assertThatThrownBy(() -> DatasetFiles.readCustodia(TelecomShop.text("telecom-shop.fides.yml")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::message)
                        .anyMatch(message -> message.contains("fideslang")));
    }

    @Test
    void writtenCustodiaFile_readsBackToEqualDatasets() {
        List<Dataset> datasets = List.of(TelecomShop.custodia(), TelecomShop.fideslang());
        // Two datasets of one key cannot share a file: rename the imported one.
        Dataset imported = datasets.get(1);
        Dataset renamed = new Dataset(
                "fides_copy",
                imported.name(),
                imported.description(),
                imported.collections().stream()
                        .map(collection -> new DatasetCollection(
                                collection.name(),
                                collection.description(),
                                collection.fields().stream()
                                        .map(field -> field.withReferences(field.references().stream()
                                                .map(reference -> new Reference(
                                                        "fides_copy",
                                                        reference.collection(),
                                                        reference.field(),
                                                        reference.direction()))
                                                .toList()))
                                        .toList(),
                                collection.erasure()))
                        .toList());

        String written = DatasetFiles.writeCustodia(List.of(datasets.get(0), renamed));

        assertThat(DatasetFiles.readCustodia(written).datasets()).containsExactly(datasets.get(0), renamed);
    }
}
