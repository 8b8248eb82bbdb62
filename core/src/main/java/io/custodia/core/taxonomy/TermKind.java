package io.custodia.core.taxonomy;

/** The kinds of taxonomy term. */
public enum TermKind {
    PURPOSE,
    DATA_CATEGORY,
    SUBJECT_TYPE
}
