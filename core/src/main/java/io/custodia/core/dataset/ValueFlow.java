package io.custodia.core.dataset;

/**
 * A way values may flow along a reference during a traversal: the values of {@code sourceField} in rows of {@code
 * source} find rows of {@code target} by {@code targetField}.
 *
 * @param directed whether the reference names its direction ({@code from} or {@code to}); an undirected reference
 *     gives a flow each way, and a traversal uses whichever comes first
 */
public record ValueFlow(
        CollectionAddress source, String sourceField, CollectionAddress target, String targetField, boolean directed) {

    @Override
    public String toString() {
        return source + "." + sourceField + " -> " + target + "." + targetField;
    }
}
