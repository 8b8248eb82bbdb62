package io.custodia.server.connectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How Custodia reaches a system; the API spells it in lower case ({@code postgres}, {@code http} ...). */
public enum SystemType {
    POSTGRES,
    MYSQL,
    HTTP,
    MANUAL;

    /** The type as the API spells it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the types that Custodia queries itself through JDBC. */
    public boolean jdbc() {
        return this == POSTGRES || this == MYSQL;
    }

    /** The type the API spells {@code key}, if there is one. */
    public static Optional<SystemType> of(String key) {
        return Arrays.stream(values()).filter(type -> type.key().equals(key)).findFirst();
    }
}
