package io.custodia.core.jurisdiction;

/** An administrative formality a law imposes on controllers, beyond answering requests and reporting breaches. */
public enum Formality {
    /** Keep a register of processing activities (GDPR Art. 30). */
    RECORD_OF_PROCESSING,
    /** Designate a data protection officer where the law requires one. */
    DPO_WHERE_REQUIRED,
    /** Register the controller (or processor) with the authority. */
    REGISTRATION,
    /** Declare each processing to the authority before it starts. */
    PRIOR_DECLARATION,
    /** Obtain the authority's authorisation before processing sensitive data. */
    AUTHORISATION_FOR_SENSITIVE,
    /** File a compliance audit return with the authority every year. */
    ANNUAL_AUDIT_RETURN,
    /** Send the authority an annual report on processing. */
    ANNUAL_REPORT
}
