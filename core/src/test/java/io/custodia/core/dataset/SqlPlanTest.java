package io.custodia.core.dataset;

import static io.custodia.core.dataset.TelecomShop.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The statements a plan over the telecom shop turns into, in PostgreSQL and MySQL. */
class SqlPlanTest {
    private static final TraversalPlan PLAN =
            DatasetGraph.of(List.of(TelecomShop.custodia())).plan(EnumSet.allOf(IdentityScheme.class));
    private static final SqlPlan POSTGRES = SqlPlan.of(SqlDialect.POSTGRESQL, "shop");
    private static final SqlPlan MYSQL = SqlPlan.of(SqlDialect.MYSQL, null);
    private static final Masking MASKING =
            Masking.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), new Random(1));

    @Test
    void read_selectsTheDeclaredFields_byEveryLookupWithValues_valuesAsParameters() {
        ReadStep customer = read("customer");

        List<SqlStatement> statements = POSTGRES.select(customer, lookup -> switch (lookup.field()) {
            case "email" -> List.of("jane@example.org", "j.doe@example.org");
            default -> List.of();
        });

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).sql())
                .isEqualTo("SELECT \"id\", \"customer_number\", \"email\", \"first_name\", \"last_name\","
                        + " \"contact_phone\", \"birth_date\", \"language\", \"created_at\" FROM \"shop\".\"customer\""
                        + " WHERE \"email\" IN (?, ?)");
        assertThat(statements.get(0).parameters()).containsExactly("jane@example.org", "j.doe@example.org");
        assertThat(statements.get(0).toString()).doesNotContain("jane");
    }

    @Test
    void read_mergesLookupsOfOneField_convertsToItsType_andDropsWhatCannotMatch() {
        ReadStep addresses = read("address");
        Map<String, Collection<?>> values = new HashMap<>();
        values.put("customer.id", List.of(42));
        values.put("orders.shipping_address_id", List.of(7L, 542L));
        values.put("payment_card.billing_address_id", List.of("7", "not a number"));

        List<SqlStatement> statements = MYSQL.select(
                addresses,
                lookup -> values.getOrDefault(
                        ((Lookup.StepValues) lookup.source()).collection().collection() + "."
                                + ((Lookup.StepValues) lookup.source()).field(),
                        List.of()));

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).sql()).endsWith("FROM `address` WHERE `customer_id` IN (?) OR `id` IN (?, ?)");
        assertThat(statements.get(0).parameters()).containsExactly(42, 7L, 542L);
    }

    @Test
    void read_splitsLongLookupsOverStatements_andWritesNoneWithoutValues() {
        ReadStep customer = read("customer");
        List<String> emails = new ArrayList<>();
        for (int index = 0; index < 7; index++) {
            emails.add("person" + index + "@example.org");
        }

        List<SqlStatement> statements = POSTGRES.withMaxParameters(3)
                .select(customer, lookup -> lookup.field().equals("email") ? emails : List.of("C00000042"));

        assertThat(statements)
                .extracting(statement -> statement.parameters().size())
                .containsExactly(3, 3, 2);
        assertThat(statements.get(0).sql()).endsWith("WHERE \"customer_number\" IN (?) OR \"email\" IN (?, ?)");
        assertThat(statements.get(2).sql()).endsWith("WHERE \"email\" IN (?, ?)");
        assertThat(POSTGRES.select(customer, lookup -> List.of())).isEmpty();
    }

    @Test
    void deleteRows_byPrimaryKey_onceEach() {
        List<Map<String, @Nullable Object>> rows = List.of(row("id", 42), row("id", 43), row("id", 42));

        List<SqlStatement> statements = POSTGRES.erase(erase("customer"), rows, MASKING);

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).sql()).isEqualTo("DELETE FROM \"shop\".\"customer\" WHERE \"id\" IN (?, ?)");
        assertThat(statements.get(0).parameters()).containsExactly(42, 43);
    }

    @Test
    void setNullOnly_isOneUpdateForManyRows() {
        List<SqlStatement> statements = POSTGRES.erase(erase("orders"), List.of(row("id", 1), row("id", 2)), MASKING);

        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.sql())
                    .isEqualTo("UPDATE \"shop\".\"orders\" SET \"customer_id\" = NULL, \"shipping_address_id\" = NULL,"
                            + " \"payment_card_id\" = NULL WHERE \"id\" IN (?, ?)");
            assertThat(statement.parameters()).containsExactly(1, 2);
        });
    }

    @Test
    void computedReplacements_areOneUpdatePerRow_withTheNewValuesAsParameters() {
        Map<String, @Nullable Object> visit = row("id", 9L);
        visit.put("email", "jane@example.org");
        visit.put("ip_address", "192.0.2.1");

        List<SqlStatement> statements = MYSQL.erase(erase("visit"), List.of(visit), MASKING);

        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.sql()).isEqualTo("UPDATE `visit` SET `email` = ?, `ip_address` = ? WHERE `id` = ?");
            assertThat(statement.parameters())
                    .containsExactly(
                            Masking.hmacSha256Hex(
                                    "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
                                    "jane@example.org"),
                            null,
                            9L);
            assertThat(statement.sql()).doesNotContain("jane");
        });
    }

    @Test
    void keptRows_giveNoStatement() {
        assertThat(POSTGRES.erase(erase("order_item"), List.of(row("order_id", 1)), MASKING))
                .isEmpty();
        assertThat(POSTGRES.erase(erase("customer"), List.of(), MASKING)).isEmpty();
    }

    @Test
    void compositeKeys_andCollectionsWithoutKey_areMatchedFieldByField_nullSafelyWithoutKey() {
        DatasetCollection lines = new DatasetCollection(
                "line",
                "",
                List.of(
                        DatasetField.named("order_id").withPrimaryKey(true),
                        DatasetField.named("line_no").withPrimaryKey(true)),
                ErasureStrategy.DELETE_ROW);
        DatasetCollection log = new DatasetCollection(
                "log",
                "",
                List.of(DatasetField.named("email"), DatasetField.named("note")),
                ErasureStrategy.DELETE_ROW);
        Map<String, @Nullable Object> noted = row("email", "a@example.org");
        noted.put("note", null);

        var composite = POSTGRES.erase(
                new EraseStep.DeleteRows(new CollectionAddress("s", "line"), lines),
                List.of(row2("order_id", 1, "line_no", 1), row2("order_id", 1, "line_no", 2)),
                MASKING);
        var postgres = POSTGRES.erase(
                new EraseStep.DeleteRows(new CollectionAddress("s", "log"), log), List.of(noted), MASKING);
        var mysql =
                MYSQL.erase(new EraseStep.DeleteRows(new CollectionAddress("s", "log"), log), List.of(noted), MASKING);

        assertThat(composite.get(0).sql())
                .isEqualTo("DELETE FROM \"shop\".\"line\" WHERE (\"order_id\" = ? AND \"line_no\" = ?) OR"
                        + " (\"order_id\" = ? AND \"line_no\" = ?)");
        assertThat(composite.get(0).parameters()).containsExactly(1, 1, 1, 2);
        assertThat(postgres.get(0).sql())
                .isEqualTo("DELETE FROM \"shop\".\"log\" WHERE (\"email\" IS NOT DISTINCT FROM ? AND \"note\" IS NOT"
                        + " DISTINCT FROM ?)");
        assertThat(mysql.get(0).sql()).isEqualTo("DELETE FROM `log` WHERE (`email` <=> ? AND `note` <=> ?)");
        assertThat(mysql.get(0).parameters()).containsExactly("a@example.org", null);
    }

    @Test
    void identifiers_areQuotedWithTheirQuotesDoubled() {
        assertThat(SqlDialect.POSTGRESQL.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(SqlDialect.MYSQL.quote("we`ird")).isEqualTo("`we``ird`");
    }

    @Test
    void nestedFields_areRefused() {
        DatasetCollection profiles = new DatasetCollection(
                "profiles", "", List.of(DatasetField.named("contact.email").withIdentity(IdentityScheme.EMAIL)), null);
        ReadStep step = new ReadStep(
                new CollectionAddress("crm", "profiles"),
                profiles,
                List.of(new Lookup("contact.email", new Lookup.IdentityValues(IdentityScheme.EMAIL))));

        assertThatThrownBy(() -> POSTGRES.select(step, lookup -> List.of("a@example.org")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested");
    }

    private static ReadStep read(String collection) {
        return PLAN.reads().stream()
                .filter(step -> step.address().equals(address(collection)))
                .findFirst()
                .orElseThrow();
    }

    private static EraseStep erase(String collection) {
        return PLAN.erasures().stream()
                .filter(step -> step.address().equals(address(collection)))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, @Nullable Object> row(String field, @Nullable Object value) {
        Map<String, @Nullable Object> row = new HashMap<>();
        row.put(field, value);
        return row;
    }

    private static Map<String, @Nullable Object> row2(String first, Object a, String second, Object b) {
        Map<String, @Nullable Object> row = row(first, a);
        row.put(second, b);
        return row;
    }
}
