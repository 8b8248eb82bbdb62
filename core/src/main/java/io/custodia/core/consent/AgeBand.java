package io.custodia.core.consent;

import io.custodia.core.InvalidInputException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * What a company knows of a customer's age: enough to apply the age of digital consent without keeping a birth
 * date.
 *
 * <p>The ages of digital consent fall on every year from 13 to 16 in Europe (GDPR Art. 8(1): 16 unless a member
 * state sets a lower age, not below 13; France 15) and on 18 in the African laws that define a child, so the bands
 * name each year from 13 to 17 and no band straddles a threshold. A band is true on the day it was recorded; the
 * customer can only have grown older since, so {@link #minimumAgeOn} adds the whole years elapsed. {@link #UNKNOWN}
 * makes no claim: the company has not said the customer is a child, and the rules treat them as an adult.
 */
public enum AgeBand {
    // UNKNOWN comes first: a replica's compact index stores the ordinal, and a customer it knows nothing of has 0.
    UNKNOWN(-1),
    UNDER_13(0),
    AGE_13(13),
    AGE_14(14),
    AGE_15(15),
    AGE_16(16),
    AGE_17(17),
    ADULT(18);

    private final int minimumAge;

    AgeBand(int minimumAge) {
        this.minimumAge = minimumAge;
    }

    /**
     * Parses a band by its name, such as {@code AGE_14} or {@code adult}.
     *
     * @throws InvalidInputException naming {@code field} when the text names no band
     */
    public static AgeBand of(String field, String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(
                    field,
                    "'" + text + "' is not an age band: use one of "
                            + Arrays.stream(values()).map(AgeBand::name).collect(Collectors.joining(", ")));
        }
    }

    /** The band of a customer of this many whole years. */
    public static AgeBand ofAge(int years) {
        if (years < 0) {
            throw InvalidInputException.of("age", "an age cannot be negative, got " + years);
        }
        if (years < 13) {
            return UNDER_13;
        }
        return years >= 18 ? ADULT : values()[years - 11];
    }

    /**
     * The least age the customer can have on a day, in whole years, when the band was recorded on another; empty for
     * {@link #UNKNOWN}.
     *
     * @throws InvalidInputException naming {@code today} when it comes before the day the band was recorded
     */
    public OptionalInt minimumAgeOn(LocalDate recordedOn, LocalDate today) {
        if (today.isBefore(recordedOn)) {
            throw InvalidInputException.of("today", "the age band was recorded on " + recordedOn + ", after " + today);
        }
        if (this == UNKNOWN) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(minimumAge + (int) ChronoUnit.YEARS.between(recordedOn, today));
    }

    /**
     * Whether a customer of this band may be under an age of digital consent: its youngest age is. {@link #UNKNOWN}
     * never is (treated as an adult); {@link #ADULT} is under a threshold above 18.
     */
    public boolean isUnder(int ageOfDigitalConsent) {
        return this != UNKNOWN && minimumAge < ageOfDigitalConsent;
    }

    /** Whether the band says the customer is a child, whatever the threshold. */
    public boolean child() {
        return this != UNKNOWN && this != ADULT;
    }
}
