package io.custodia.server.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityDraft.PurposeUse;
import io.custodia.core.register.ActivityStatus;
import io.custodia.server.CustodiaTest;
import io.custodia.server.entities.Entities;
import io.custodia.server.entities.GroupEntity;
import io.custodia.server.identity.Staff;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Every write to an activity is announced with {@link ActivityChanged}. */
@RecordApplicationEvents
class ActivityChangedTest extends CustodiaTest {

    @Autowired
    Staff staff;

    @Autowired
    Register register;

    @Autowired
    Entities entities;

    @Autowired
    ApplicationEvents events;

    @Test
    void eachWrite_publishesActivityChanged() {
        staff.asSystem("system:test", () -> {
            String code = "E" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
            entities.create(new GroupEntity(code, "Events test", "fr", ZoneId.of("Europe/Paris"), "FR"));
            var draft = new ActivityDraft(
                    "Events",
                    null,
                    null,
                    List.of(new PurposeUse("service.billing", "contract", null, null)),
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    List.of(),
                    Map.of(),
                    Map.of(),
                    null);

            ActivityView created = register.create(code, draft, ActivityStatus.DRAFT);
            register.update(created.id(), draft, 1);
            register.changeStatus(created.id(), ActivityStatus.RETIRED, "test over");

            assertThat(events.stream(ActivityChanged.class)
                            .filter(event -> event.id().equals(created.id())))
                    .containsExactly(
                            new ActivityChanged(created.id(), code, "draft"),
                            new ActivityChanged(created.id(), code, "draft"),
                            new ActivityChanged(created.id(), code, "retired"));
            return null;
        });
    }
}
