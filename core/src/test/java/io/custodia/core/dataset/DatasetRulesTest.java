package io.custodia.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.taxonomy.DefaultTaxonomy;
import io.custodia.core.taxonomy.TaxonomyFiles;
import io.custodia.core.taxonomy.Term;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.core.taxonomy.TermKind;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What registration says about datasets, against the registered ones and the taxonomy. */
class DatasetRulesTest {
    /** The default taxonomy's data categories, plus fideslang's system branch, as if imported. */
    private static final Predicate<TermKey> TAXONOMY = known();

    private static Predicate<TermKey> known() {
        DefaultTaxonomy taxonomy = TaxonomyFiles.defaultTaxonomy();
        Set<TermKey> keys = taxonomy.terms().stream()
                .filter(term -> term.kind() == TermKind.DATA_CATEGORY)
                .map(Term::key)
                .collect(Collectors.toSet());
        return key -> keys.contains(key) || key.isWithin(TermKey.of("system"));
    }

    @Test
    void telecomShop_registersWithoutErrorsOrWarnings() {
        DatasetFindings findings = DatasetRules.check(List.of(TelecomShop.custodia()), List.of(), TAXONOMY);

        assertThat(findings.all()).isEmpty();
        assertThat(findings.registrable()).isTrue();
    }

    @Test
    void unknownDataCategories_areErrors_namingTheNearestKnownParent() {
        String yaml = """
                dataset:
                  - fides_key: crm
                    collections:
                      - name: people
                        fields:
                          - name: email
                            data_categories: [user.contact.email]
                            fides_meta: {identity: email}
                          - name: city
                            data_categories: [user.contact.address.city]
                          - name: mood
                            data_categories: [feelings.daily]
                """;

        DatasetFindings findings =
                DatasetRules.check(DatasetFiles.readFideslang(yaml).datasets(), List.of(), TAXONOMY);

        assertThat(findings.registrable()).isFalse();
        assertThat(findings.errors())
                .extracting(FieldError::field)
                .containsExactly("crm.people.city.data_categories[0]", "crm.people.mood.data_categories[0]");
        assertThat(findings.errors().get(0).message()).contains("the taxonomy has user.contact.address");
        assertThat(findings.errors().get(1).message()).doesNotContain("the taxonomy has");
    }

    @Test
    void unreachableCollections_areWarnings_tellingWhetherPersonalDataIsMissed() {
        Dataset shop = withCollections(
                TelecomShop.custodia(),
                new DatasetCollection(
                        "newsletter",
                        "",
                        List.of(DatasetField.named("address")
                                .withDataCategories(List.of(TermKey.of("user.contact.email")))),
                        null),
                new DatasetCollection(
                        "exchange_rate",
                        "",
                        List.of(DatasetField.named("rate")
                                .withDataCategories(List.of(TermKey.of("system.operations")))),
                        null));

        DatasetFindings findings = DatasetRules.check(List.of(shop), List.of(), TAXONOMY);

        assertThat(findings.errors()).isEmpty();
        assertThat(findings.warnings())
                .extracting(FieldError::field, warning -> warning.message().startsWith("holds personal data"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("telecom_shop.exchange_rate", false),
                        org.assertj.core.groups.Tuple.tuple("telecom_shop.newsletter", true));
    }

    @Test
    void referencesAcrossDatasets_areErrorsWhenTheFieldIsMissing_warningsWhenTheDatasetIsNotRegistered() {
        Dataset billing = new Dataset(
                "billing",
                "Billing",
                "",
                List.of(new DatasetCollection(
                        "invoices",
                        "",
                        List.of(
                                DatasetField.named("id").withPrimaryKey(true),
                                DatasetField.named("customer_id")
                                        .withReferences(List.of(new Reference(
                                                "telecom_shop", "customer", "id", Reference.Direction.FROM)))
                                        .withErasure(ErasureStrategy.SET_NULL),
                                DatasetField.named("buyer")
                                        .withReferences(List.of(new Reference(
                                                "telecom_shop", "customer", "number", Reference.Direction.FROM))),
                                DatasetField.named("ledger_id")
                                        .withReferences(List.of(
                                                new Reference("ledger", "entries", "id", Reference.Direction.TO)))),
                        null)));

        DatasetFindings findings = DatasetRules.check(List.of(billing), List.of(TelecomShop.custodia()), TAXONOMY);

        assertThat(findings.errors()).extracting(FieldError::field).containsExactly("billing.invoices.buyer");
        assertThat(findings.warnings()).extracting(FieldError::field).containsExactly("billing.invoices.ledger_id");
        // Through the registered shop's customers, invoices are reachable.
        assertThat(DatasetGraph.of(List.of(billing, TelecomShop.custodia()))
                        .planForAllIdentities()
                        .unreachable())
                .isEmpty();
    }

    @Test
    void replacingADataset_warnsAboutRegisteredReferencesItBreaks() {
        Dataset billing = new Dataset(
                "billing",
                "Billing",
                "",
                List.of(new DatasetCollection(
                        "invoices",
                        "",
                        List.of(DatasetField.named("customer_id")
                                .withReferences(List.of(
                                        new Reference("telecom_shop", "customer", "id", Reference.Direction.FROM)))),
                        null)));
        Dataset shopWithoutCustomers = new Dataset(
                "telecom_shop",
                "Telecom shop",
                "",
                List.of(new DatasetCollection(
                        "visit", "", List.of(DatasetField.named("email").withIdentity(IdentityScheme.EMAIL)), null)));

        DatasetFindings findings =
                DatasetRules.check(List.of(shopWithoutCustomers), List.of(TelecomShop.custodia(), billing), TAXONOMY);

        assertThat(findings.errors()).isEmpty();
        assertThat(findings.warnings()).extracting(FieldError::field).contains("billing.invoices.customer_id");
    }

    @Test
    void aPointerThatOutlivesTheRowsItPointsAt_isAWarning() {
        // The fideslang shop deletes customers and cards but keeps the orders' pointers unless told otherwise; here
        // orders keep everything for ten years.
        Dataset shop = TelecomShop.custodia();
        DatasetCollection orders = shop.collection("orders").orElseThrow();
        Dataset keepingPointers = withCollections(
                withoutCollection(shop, "orders"),
                new DatasetCollection(
                        "orders",
                        "",
                        orders.fields().stream()
                                .map(field -> field.withErasure(null))
                                .toList(),
                        orders.erasure()));

        DatasetFindings findings = DatasetRules.check(List.of(keepingPointers), List.of(), TAXONOMY);

        assertThat(findings.errors()).isEmpty();
        assertThat(findings.warnings())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "telecom_shop.orders.customer_id",
                        "telecom_shop.orders.shipping_address_id",
                        "telecom_shop.orders.payment_card_id");
    }

    @Test
    void directedCycles_andParentsThatReferenceTheirChildren_areWarnings() {
        Dataset loop = DatasetGraphTest.dataset(
                "loop",
                new DatasetCollection(
                        "accounts",
                        "",
                        List.of(
                                DatasetField.named("email").withIdentity(IdentityScheme.EMAIL),
                                DatasetGraphTest.key("id"),
                                DatasetGraphTest.ref("owner_device_id", "devices", "id", Reference.Direction.FROM)),
                        ErasureStrategy.DELETE_ROW),
                new DatasetCollection(
                        "devices",
                        "",
                        List.of(
                                DatasetGraphTest.key("id"),
                                DatasetGraphTest.ref("account_id", "accounts", "id", Reference.Direction.FROM)),
                        ErasureStrategy.DELETE_ROW));

        DatasetFindings findings = DatasetRules.check(List.of(loop), List.of(), TAXONOMY);

        assertThat(findings.warnings())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("loop.accounts.owner_device_id", "loop.accounts");
    }

    private static Dataset withCollections(Dataset dataset, DatasetCollection... more) {
        List<DatasetCollection> collections = new java.util.ArrayList<>(dataset.collections());
        collections.addAll(List.of(more));
        return new Dataset(dataset.key(), dataset.name(), dataset.description(), collections);
    }

    private static Dataset withoutCollection(Dataset dataset, String name) {
        return new Dataset(
                dataset.key(),
                dataset.name(),
                dataset.description(),
                dataset.collections().stream()
                        .filter(collection -> !collection.name().equals(name))
                        .toList());
    }
}
