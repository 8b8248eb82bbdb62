package io.custodia.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.core.InvalidInputException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AgeBandTest {

    @Test
    void everyYearFrom13To17_hasItsOwnBand_soNoBandStraddlesAnAgeOfDigitalConsent() {
        assertThat(AgeBand.ofAge(12)).isEqualTo(AgeBand.UNDER_13);
        assertThat(AgeBand.ofAge(13)).isEqualTo(AgeBand.AGE_13);
        assertThat(AgeBand.ofAge(15)).isEqualTo(AgeBand.AGE_15);
        assertThat(AgeBand.ofAge(17)).isEqualTo(AgeBand.AGE_17);
        assertThat(AgeBand.ofAge(18)).isEqualTo(AgeBand.ADULT);
    }

    @Test
    void aBand_ages_byTheWholeYearsSinceItWasRecorded_aYearFrom29FebruaryEndingOn1March() {
        LocalDate recorded = LocalDate.parse("2024-02-29");

        assertThat(AgeBand.AGE_14.minimumAgeOn(recorded, LocalDate.parse("2025-02-28")))
                .hasValue(14);
        assertThat(AgeBand.AGE_14.minimumAgeOn(recorded, LocalDate.parse("2025-03-01")))
                .hasValue(15);
        assertThat(AgeBand.UNDER_13.minimumAgeOn(recorded, LocalDate.parse("2030-01-01")))
                .hasValue(5);
        assertThat(AgeBand.UNKNOWN.minimumAgeOn(recorded, recorded)).isEmpty();
    }

    @Property
    void theMinimumAge_neverExceedsTheTrueAge_andIsExactFrom13To17(
            @ForAll @IntRange(min = 0, max = 40) int age, @ForAll @IntRange(max = 9000) int daysLater) {
        LocalDate recorded = LocalDate.parse("2020-06-15");
        LocalDate today = recorded.plusDays(daysLater);
        // A person of this age on the recording day is at least this old today.
        int trueAgeAtLeast = age + (int) ChronoUnit.YEARS.between(recorded, today);

        int claimed = AgeBand.ofAge(age).minimumAgeOn(recorded, today).orElseThrow();

        assertThat(claimed).isLessThanOrEqualTo(trueAgeAtLeast);
        if (age >= 13 && age <= 17) {
            assertThat(claimed).isEqualTo(trueAgeAtLeast);
        }
    }

    @Test
    void aBand_isParsedByName_andAnUnknownNameIsNamedByItsField() {
        assertThat(AgeBand.of("ageBand", " age_14 ")).isEqualTo(AgeBand.AGE_14);
        assertThatThrownBy(() -> AgeBand.of("ageBand", "TEEN"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("ageBand"));
        assertThatThrownBy(
                        () -> AgeBand.AGE_14.minimumAgeOn(LocalDate.parse("2025-01-02"), LocalDate.parse("2025-01-01")))
                .isInstanceOf(InvalidInputException.class);
    }
}
