package io.custodia.core.jurisdiction;

/** A notice a breach may require, each with its own deadline in a {@link BreachRule}. */
public enum BreachNotice {
    /** The first notice to the supervisory authority (GDPR Art. 33(1)). */
    AUTHORITY,
    /**
     * The complete details to the supervisory authority when the first notice could not carry them (GDPR Art. 33(4);
     * Reg. 611/2013 Art. 2(3)).
     */
    AUTHORITY_DETAILS,
    /** The people whose data was breached, usually only when the risk to them is high (GDPR Art. 34). */
    SUBJECTS,
    /** The controller, told by its processor (GDPR Art. 33(2)). */
    CONTROLLER
}
