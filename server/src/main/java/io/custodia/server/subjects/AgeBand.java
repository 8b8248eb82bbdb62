package io.custodia.server.subjects;

/** A customer's age band: enough to apply the age of digital consent without storing a birth date. */
public enum AgeBand {
    UNDER_13,
    FROM_13_TO_15,
    FROM_16_TO_17,
    ADULT,
    UNKNOWN
}
