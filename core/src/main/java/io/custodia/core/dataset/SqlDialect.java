package io.custodia.core.dataset;

/** The SQL dialects {@link SqlPlan} writes: how identifiers are quoted and how null-safe equality is spelled. */
public enum SqlDialect {
    /** PostgreSQL (and the stores that speak its dialect). */
    POSTGRESQL('"', "IS NOT DISTINCT FROM"),
    /** MySQL and MariaDB. */
    MYSQL('`', "<=>");

    private final char quote;
    private final String nullSafeEquals;

    SqlDialect(char quote, String nullSafeEquals) {
        this.quote = quote;
        this.nullSafeEquals = nullSafeEquals;
    }

    /** An identifier quoted, a quote inside it doubled, so that no name can end the identifier early. */
    public String quote(String identifier) {
        String doubled = String.valueOf(quote) + quote;
        return quote + identifier.replace(String.valueOf(quote), doubled) + quote;
    }

    /** The operator that is true when both sides are equal or both null. */
    String nullSafeEquals() {
        return nullSafeEquals;
    }
}
