package io.custodia.core.dataset;

import static io.custodia.core.dataset.TelecomShop.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.dataset.Lookup.IdentityValues;
import io.custodia.core.dataset.Lookup.StepValues;
import io.custodia.core.dataset.Reference.Direction;
import io.custodia.core.taxonomy.TermKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plans over the telecom shop and small graphs that show one rule each. */
class DatasetGraphTest {
    private static final DatasetGraph SHOP = DatasetGraph.of(List.of(TelecomShop.custodia()));

    @Test
    void emailPlan_readsEveryCollectionOnce_parentsBeforeTheRowsTheyFind() {
        TraversalPlan plan = SHOP.plan(Set.of(IdentityScheme.EMAIL));

        assertThat(plan.reads())
                .extracting(ReadStep::address)
                .containsExactly(
                        // visit needs nothing but the e-mail; customer and subscription find each other (the
                        // reference has no direction), so the cycle starts at the one an identity reaches.
                        address("visit"),
                        address("customer"),
                        address("service_request"),
                        address("login"),
                        address("orders"),
                        address("payment_card"),
                        // the customer's, the orders' and the cards' addresses, once all three are read
                        address("address"),
                        address("subscription"),
                        address("order_item"),
                        address("product"));
        assertThat(plan.unreachable()).isEmpty();
        assertThat(step(plan, "customer").lookups())
                .containsExactly(new Lookup("email", new IdentityValues(IdentityScheme.EMAIL)));
        // An address is found from the customer, the orders shipped to it and the cards billed to it.
        assertThat(step(plan, "address").lookups())
                .containsExactly(
                        new Lookup("customer_id", new StepValues(address("customer"), "id")),
                        new Lookup("id", new StepValues(address("orders"), "shipping_address_id")),
                        new Lookup("id", new StepValues(address("payment_card"), "billing_address_id")));
        assertThat(step(plan, "service_request").lookups())
                .containsExactly(
                        new Lookup("contact_email", new IdentityValues(IdentityScheme.EMAIL)),
                        new Lookup("customer_id", new StepValues(address("customer"), "id")));
    }

    @Test
    void phonePlan_findsTheCustomerThroughTheirLine() {
        TraversalPlan plan = SHOP.plan(Set.of(IdentityScheme.PHONE));

        // service_request waits for the customer, found through the line: it does not jump ahead of them.
        assertThat(plan.reads())
                .extracting(ReadStep::address)
                .startsWith(address("subscription"), address("customer"), address("service_request"));
        assertThat(step(plan, "customer").lookups())
                .containsExactly(new Lookup("id", new StepValues(address("subscription"), "customer_id")));
        // The line is found by its number; the customer's other lines from the customer are a flow back.
        assertThat(plan.notFollowed())
                .containsExactly(
                        new ValueFlow(address("customer"), "id", address("subscription"), "customer_id", false));
        assertThat(step(plan, "subscription").laterLookups())
                .containsExactly(new Lookup("customer_id", new StepValues(address("customer"), "id")));
        // visit is keyed by e-mail only.
        assertThat(plan.unreachable()).containsExactly(address("visit"));
    }

    @Test
    void erasure_rewritesAndDeletesChildrenBeforeParents_andLeavesProductsAlone() {
        TraversalPlan plan = SHOP.plan(EnumSet.allOf(IdentityScheme.class));

        List<CollectionAddress> order =
                plan.erasures().stream().map(EraseStep::address).toList();
        assertThat(order).doesNotContain(address("product"));
        assertThat(order.indexOf(address("orders"))).isLessThan(order.indexOf(address("payment_card")));
        assertThat(order.indexOf(address("payment_card"))).isLessThan(order.indexOf(address("address")));
        assertThat(order.indexOf(address("address"))).isLessThan(order.indexOf(address("customer")));
        assertThat(order.indexOf(address("order_item"))).isLessThan(order.indexOf(address("orders")));
        assertThat(order.indexOf(address("login"))).isLessThan(order.indexOf(address("customer")));
        assertThat(plan.orderConflicts()).isEmpty();

        assertThat(erase(plan, "customer")).isInstanceOf(EraseStep.DeleteRows.class);
        var orders = (EraseStep.RewriteFields) erase(plan, "orders");
        assertThat(orders.replacements())
                .extracting(EraseStep.FieldReplacement::field)
                .containsExactly("customer_id", "shipping_address_id", "payment_card_id");
        assertThat(orders.kept()).extracting(EraseStep.KeptField::field).containsExactly("placed_at", "total");
        var requests = (EraseStep.RewriteFields) erase(plan, "service_request");
        assertThat(requests.replacements())
                .extracting(replacement ->
                        replacement.field() + "=" + replacement.strategy().key())
                .containsExactly(
                        "customer_id=set_null", "contact_email=keyed_hash", "contact_phone=random", "notes=set_null");
    }

    @Test
    void aDirectedCycle_isBrokenNearestTheRoots_andTheBackFlowIsListed() {
        // accounts finds devices, devices find sims, sims find accounts again (say, a family plan's other account).
        Dataset telco = dataset(
                "telco",
                collection("accounts", DatasetField.named("email").withIdentity(IdentityScheme.EMAIL), key("id")),
                collection("devices", key("id"), ref("account_id", "accounts", "id", Direction.FROM)),
                collection("sims", key("id"), ref("device_id", "devices", "id", Direction.FROM)),
                collection("accounts_of_sims", ref("sim_id", "sims", "id", Direction.FROM), DatasetField.named("x")));
        Dataset loop = dataset(
                "telco",
                collection(
                        "accounts",
                        DatasetField.named("email").withIdentity(IdentityScheme.EMAIL),
                        key("id"),
                        ref("sim_id", "sims", "id", Direction.FROM)),
                collection("devices", key("id"), ref("account_id", "accounts", "id", Direction.FROM)),
                collection("sims", key("id"), ref("device_id", "devices", "id", Direction.FROM)));

        assertThat(DatasetGraph.of(List.of(telco))
                        .plan(Set.of(IdentityScheme.EMAIL))
                        .notFollowed())
                .isEmpty();
        TraversalPlan plan = DatasetGraph.of(List.of(loop)).plan(Set.of(IdentityScheme.EMAIL));
        assertThat(plan.reads())
                .extracting(step -> step.address().collection())
                .containsExactly("accounts", "devices", "sims");
        assertThat(plan.notFollowed())
                .containsExactly(new ValueFlow(
                        new CollectionAddress("telco", "sims"),
                        "id",
                        new CollectionAddress("telco", "accounts"),
                        "sim_id",
                        true));
    }

    @Test
    void aCycleThatWaitsOnAnotherCycle_startsAfterIt() {
        // Found by a property. Plans and lines find each other; so do customers and devices, and customers also
        // wait on lines. Breaking a cycle at the nearest collection whose own inputs were all in its cycle picked
        // devices, whose cycle still waited on lines: devices had no lookup at all.
        Dataset store = dataset(
                "store",
                collection(
                        "accounts",
                        DatasetField.named("email").withIdentity(IdentityScheme.EMAIL),
                        ref("plan_id", "plans", "id", Direction.TO)),
                collection("plans", key("id")),
                collection("lines", key("id"), ref("plan_id", "plans", "id", Direction.BOTH)),
                collection(
                        "customers",
                        DatasetField.named("email").withIdentity(IdentityScheme.EMAIL),
                        ref("line_id", "lines", "id", Direction.FROM),
                        ref("device_id", "devices", "id", Direction.BOTH)),
                collection("devices", key("id")));

        TraversalPlan plan = DatasetGraph.of(List.of(store)).plan(Set.of(IdentityScheme.EMAIL));

        assertThat(plan.reads())
                .extracting(step -> step.address().collection())
                .containsExactly("accounts", "plans", "lines", "customers", "devices");
    }

    @Test
    void aReferenceWrittenFromTheParentsSide_stillErasesTheChildFirst() {
        // customer.id "to" orders.customer_id: written on the parent, whose field is its primary key.
        Dataset shop = dataset(
                "shop",
                collection(
                        "customer",
                        DatasetField.named("email")
                                .withIdentity(IdentityScheme.EMAIL)
                                .withDataCategories(List.of(TermKey.of("user.contact.email"))),
                        key("id").withReferences(List.of(new Reference(null, "orders", "customer_id", Direction.TO)))),
                new DatasetCollection(
                        "orders",
                        "",
                        List.of(key("id"), DatasetField.named("customer_id")),
                        ErasureStrategy.DELETE_ROW));
        DatasetCollection customer = shop.collections().get(0);
        shop = new Dataset(
                "shop",
                "Shop",
                "",
                List.of(
                        new DatasetCollection("customer", "", customer.fields(), ErasureStrategy.DELETE_ROW),
                        shop.collections().get(1)));

        TraversalPlan plan = DatasetGraph.of(List.of(shop)).plan(Set.of(IdentityScheme.EMAIL));

        assertThat(plan.erasures())
                .extracting(step -> step.address().collection())
                .containsExactly("orders", "customer");
    }

    @Test
    void referencesToUnknownDatasetsAndToItself_giveNoFlow() {
        Dataset hr = dataset(
                "hr",
                collection(
                        "employee",
                        DatasetField.named("email").withIdentity(IdentityScheme.EMAIL),
                        key("id"),
                        ref("manager_id", "employee", "id", Direction.FROM),
                        DatasetField.named("payroll_id")
                                .withReferences(List.of(new Reference("payroll", "slips", "id", Direction.TO)))));

        TraversalPlan plan = DatasetGraph.of(List.of(hr)).plan(Set.of(IdentityScheme.EMAIL));

        assertThat(plan.reads()).hasSize(1);
        assertThat(plan.reads().get(0).lookups()).hasSize(1);
    }

    private static ReadStep step(TraversalPlan plan, String collection) {
        return plan.reads().stream()
                .filter(step -> step.address().collection().equals(collection))
                .findFirst()
                .orElseThrow();
    }

    private static EraseStep erase(TraversalPlan plan, String collection) {
        return plan.erasures().stream()
                .filter(step -> step.address().collection().equals(collection))
                .findFirst()
                .orElseThrow();
    }

    static Dataset dataset(String key, DatasetCollection... collections) {
        return new Dataset(key, key, "", List.of(collections));
    }

    static DatasetCollection collection(String name, DatasetField... fields) {
        return new DatasetCollection(name, "", List.of(fields), null);
    }

    static DatasetField key(String name) {
        return DatasetField.named(name).withPrimaryKey(true);
    }

    static DatasetField ref(String name, String collection, String field, Direction direction) {
        return DatasetField.named(name).withReferences(List.of(new Reference(null, collection, field, direction)));
    }
}
