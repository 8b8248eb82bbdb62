package io.custodia.core.dataset;

/**
 * One way a step of a traversal finds rows: the values of {@code field} must be among the values of {@code source}.
 *
 * @param field the field of the step's collection that is looked up
 * @param source where the values come from
 */
public record Lookup(String field, Source source) {

    /** Where the values of a lookup come from. */
    public sealed interface Source permits IdentityValues, StepValues {}

    /**
     * The identifiers of this scheme that the request carries.
     *
     * @param scheme the scheme, e.g. {@code email}
     */
    public record IdentityValues(IdentityScheme scheme) implements Source {
        @Override
        public String toString() {
            return "identity " + scheme.key();
        }
    }

    /**
     * The values of a field in the rows an earlier step found.
     *
     * @param collection the earlier step's collection
     * @param field the field whose values are used
     */
    public record StepValues(CollectionAddress collection, String field) implements Source {
        @Override
        public String toString() {
            return collection + "." + field;
        }
    }

    @Override
    public String toString() {
        return field + " <- " + source;
    }
}
