package io.custodia.server.connectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request looks for: identity values by scheme, such as {@code {"email": ["a@b.c"], "customer_id": ["42"]}}.
 * Immutable; the order of schemes and values is kept.
 */
public record Identities(Map<String, List<String>> values) {
    public Identities {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((scheme, list) -> copy.put(scheme, List.copyOf(list)));
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** One value of one scheme. */
    public static Identities of(String scheme, String value) {
        return new Identities(Map.of(scheme, List.of(value)));
    }

    /** The values of a scheme; empty when the request carries none. */
    public List<String> of(String scheme) {
        return values.getOrDefault(scheme, List.of());
    }
}
