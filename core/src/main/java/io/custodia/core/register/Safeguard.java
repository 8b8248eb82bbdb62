package io.custodia.core.register;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What makes a transfer of personal data outside the EEA lawful (GDPR Chapter V). */
public enum Safeguard {
    /** Art. 45: the destination has an adequacy decision. */
    ADEQUACY,
    /** Art. 46(2)(c): standard contractual clauses. */
    SCC,
    /** Art. 47: binding corporate rules. */
    BCR,
    /** Art. 49: a derogation for a specific situation. */
    DEROGATION,
    /** Art. 46(3): clauses or arrangements authorised by the supervisory authority. */
    AUTHORISATION,
    /** Nothing yet: recorded so the gap shows. */
    NONE;

    /** The key used in the API and in files, e.g. {@code scc}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The safeguard with this key (case-insensitive), if there is one. */
    public static Optional<Safeguard> find(String key) {
        String normalised = key.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(safeguard -> safeguard.name().equals(normalised))
                .findFirst();
    }
}
