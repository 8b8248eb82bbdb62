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
    void twoThousandNumberedCustomers_inEachOfFiveEntities() {
        // Other tests share the database and may register customers (a consent can be a first contact), so the
        // loader's customers are recognised by their numbers: 1 to 2,000 in each entity, and no more.
        for (var demo : DemoGroupLoader.GROUP) {
            String code = demo.entity().code();
            assertThat(subjects.find(code, SubjectIdentifier.of("customer_id", code + "-0000001")))
                    .as(code)
                    .isPresent();
            assertThat(subjects.find(code, SubjectIdentifier.of("customer_id", code + "-0002000")))
                    .as(code)
                    .isPresent();
            assertThat(subjects.find(code, SubjectIdentifier.of("customer_id", code + "-0002001")))
                    .as(code)
                    .isEmpty();
            assertThat(subjects.count(code)).as(code).isGreaterThanOrEqualTo(DemoGroupLoader.CUSTOMERS_PER_ENTITY);
        }
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
