package io.custodia.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.server.CustodiaTest;
import io.custodia.server.subjects.SubjectIdentifier;
import io.custodia.server.subjects.Subjects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo group is loaded into the empty test database, as on a first start with CUSTODIA_DEMO=true. */
class DemoGroupTests extends CustodiaTest {
    @Autowired
    Subjects subjects;

    @Test
    void tenThousandCustomers_acrossFiveEntities() {
        long total = 0;
        for (var demo : DemoGroupLoader.GROUP) {
            long count = subjects.count(demo.entity().code());
            assertThat(count).isEqualTo(DemoGroupLoader.CUSTOMERS_PER_ENTITY);
            total += count;
        }
        assertThat(total).isEqualTo(10_000);
    }

    @Test
    void everyCompany_hasTwelveActiveActivities_andOneDraftUnderReview() {
        for (var demo : DemoGroupLoader.GROUP) {
            var activities =
                    parse(get("/api/v1/activities?entity=" + demo.entity().code(), admin()));
            assertThat(activities.size()).as(demo.entity().code()).isEqualTo(13);
            assertThat(activities.valueStream().filter(activity -> activity.get("status")
                            .asString()
                            .equals("active")))
                    .hasSize(12);
        }
    }

    @Test
    void demoStaff_signInWithTheDocumentedPassword() {
        assertThat(get("/api/v1/entities", basic("dpo", DemoGroupLoader.DEMO_PASSWORD))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void customers_areFoundByTheirCustomerNumber() {
        assertThat(subjects.find("SN", SubjectIdentifier.of("customer_id", "SN-0000042")))
                .isPresent();
        assertThat(subjects.find("SN", SubjectIdentifier.of("customer_id", "SN-0099999")))
                .isEmpty();
    }
}
