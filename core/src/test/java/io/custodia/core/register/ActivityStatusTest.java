package io.custodia.core.register;

import static io.custodia.core.register.ActivityStatus.ACTIVE;
import static io.custodia.core.register.ActivityStatus.DRAFT;
import static io.custodia.core.register.ActivityStatus.HALTED;
import static io.custodia.core.register.ActivityStatus.RETIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActivityStatusTest {

    private static Set<ActivityStatus> reachableFrom(ActivityStatus from) {
        Set<ActivityStatus> reachable = EnumSet.noneOf(ActivityStatus.class);
        for (ActivityStatus to : ActivityStatus.values()) {
            if (from.mayBecome(to)) {
                reachable.add(to);
            }
        }
        return reachable;
    }

    @Test
    void draft_becomesActiveOrRetired() {
        assertThat(reachableFrom(DRAFT)).containsExactlyInAnyOrder(ACTIVE, RETIRED);
    }

    @Test
    void active_isHaltedOrRetired() {
        assertThat(reachableFrom(ACTIVE)).containsExactlyInAnyOrder(HALTED, RETIRED);
    }

    @Test
    void halted_resumesOrRetires() {
        assertThat(reachableFrom(HALTED)).containsExactlyInAnyOrder(ACTIVE, RETIRED);
    }

    @Test
    void retired_isFinal() {
        assertThat(reachableFrom(RETIRED)).isEmpty();
    }

    @Test
    void keys_parseCaseInsensitively_andUnknownOnesNameTheField() {
        assertThat(ActivityStatus.of("status", "Active")).isEqualTo(ACTIVE);
        assertThat(ACTIVE.key()).isEqualTo("active");
        assertThatThrownBy(() -> ActivityStatus.of("status", "paused"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("status"));
    }
}
