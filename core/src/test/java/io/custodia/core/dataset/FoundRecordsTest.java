package io.custodia.core.dataset;

import static io.custodia.core.dataset.TelecomShop.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Finding records with a plan, over a store held in memory. */
class FoundRecordsTest {
    private static final DatasetGraph SHOP = DatasetGraph.of(List.of(TelecomShop.custodia()));

    /** Tables of rows, and how many times each was read. */
    private final Map<String, List<Map<String, @Nullable Object>>> tables = new HashMap<>();

    private final Map<String, Integer> reads = new HashMap<>();

    @Test
    void aCustomerFoundByOneLine_bringsTheirOtherLinesInASecondPass() {
        table(
                "customer",
                List.of(row("id", 42, "email", "amina@example.sn"), row("id", 7, "email", "jean@example.fr")));
        table(
                "subscription",
                List.of(
                        row("id", 1, "customer_id", 42, "msisdn", "+33611111111"),
                        row("id", 2, "customer_id", 42, "msisdn", "+33722222222"),
                        row("id", 3, "customer_id", 7, "msisdn", "+33633333333")));
        table("orders", List.of(row("id", 100, "customer_id", 42), row("id", 101, "customer_id", 7)));

        TraversalPlan plan = SHOP.plan(Set.of(IdentityScheme.PHONE));
        FoundRecords found = FoundRecords.find(plan, Map.of(IdentityScheme.PHONE, List.of("+33611111111")), this::read);

        assertThat(ids(found, "subscription")).containsExactly(1, 2);
        assertThat(ids(found, "customer")).containsExactly(42);
        assertThat(ids(found, "orders")).containsExactly(100);
        assertThat(found.count()).isEqualTo(4);
        // Only subscription has a later lookup (the customer's id): the second pass reads it again, and nothing
        // else, since nothing else gained values.
        assertThat(reads.get("subscription")).isEqualTo(2);
        assertThat(reads.get("orders")).isEqualTo(1);
    }

    @Test
    void withoutCycles_onePassIsAll() {
        table("customer", List.of(row("id", 42, "email", "amina@example.sn")));
        table("orders", List.of(row("id", 100, "customer_id", 42)));
        Dataset full = TelecomShop.custodia();
        // Without the lines, whose reference to the customer goes both ways, the shop has no cycle.
        Dataset shop = new Dataset(
                full.key(),
                full.name(),
                "",
                full.collections().stream()
                        .filter(collection -> !collection.name().equals("subscription"))
                        .toList());
        TraversalPlan plan = DatasetGraph.of(List.of(shop)).plan(Set.of(IdentityScheme.CUSTOMER_ID));
        assertThat(plan.reads()).allMatch(step -> step.laterLookups().isEmpty());

        FoundRecords found = FoundRecords.find(plan, Map.of(IdentityScheme.EMAIL, List.of("x")), this::read);

        assertThat(found.count()).isZero();
        assertThat(reads.values()).allMatch(count -> count == 1);
    }

    private List<Map<String, @Nullable Object>> read(ReadStep step, FoundRecords found) {
        reads.merge(step.address().collection(), 1, Integer::sum);
        List<Map<String, @Nullable Object>> matching = new ArrayList<>();
        for (Map<String, @Nullable Object> row :
                tables.getOrDefault(step.address().collection(), List.of())) {
            for (Lookup lookup : step.lookups()) {
                Collection<?> values = found.values(lookup);
                if (row.get(lookup.field()) != null && values.contains(row.get(lookup.field()))) {
                    matching.add(row);
                    break;
                }
            }
        }
        return matching;
    }

    private void table(String name, List<Map<String, @Nullable Object>> rows) {
        tables.put(name, rows);
    }

    private static Map<String, @Nullable Object> row(Object... pairs) {
        Map<String, @Nullable Object> row = new HashMap<>();
        for (int index = 0; index < pairs.length; index += 2) {
            row.put((String) pairs[index], pairs[index + 1]);
        }
        return row;
    }

    private static List<Object> ids(FoundRecords found, String collection) {
        return found.rows(address(collection)).stream()
                .map(row -> row.get("id"))
                .map(Object.class::cast)
                .toList();
    }
}
