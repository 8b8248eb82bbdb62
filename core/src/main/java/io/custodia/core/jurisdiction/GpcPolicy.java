package io.custodia.core.jurisdiction;

import io.custodia.core.InvalidInputException;
import io.custodia.core.taxonomy.TermKey;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Global Privacy Control signal ({@code Sec-GPC: 1}) means in a jurisdiction.
 *
 * <p>GPC is a legal opt-out of sale and sharing in several US states. European and African laws do not name it, so
 * its effect is a policy choice the pack records: in the EU an entity may treat it as the customer's objection to,
 * or withdrawal of consent for, the purposes it lists (GDPR Art. 21(5) lets a person object by automated means
 * using technical specifications).
 *
 * @param effect what the signal does
 * @param purposes the purposes it opts the customer out of; empty when the effect is {@link Effect#NONE}
 */
public record GpcPolicy(Effect effect, Set<TermKey> purposes) {

    /** The signal is recorded and has no effect. */
    public static final GpcPolicy NONE = new GpcPolicy(Effect.NONE, Set.of());

    public GpcPolicy {
        purposes = Collections.unmodifiableSortedSet(new TreeSet<>(purposes));
        if (effect == Effect.OBJECTION && purposes.isEmpty()) {
            throw InvalidInputException.of(
                    "gpc.purposes", "name the purposes the signal opts the customer out of, or set effect: none");
        }
    }

    /** Whether the signal opts the customer out of the purpose. */
    public boolean appliesTo(TermKey purpose) {
        return effect == Effect.OBJECTION && purposes.contains(purpose);
    }

    /** What the signal does. */
    public enum Effect {
        /**
         * An opt-out of the listed purposes: a withdrawal of consent for purposes processed on consent, an objection
         * (GDPR Art. 21) for those processed on legitimate interest or public task.
         */
        OBJECTION,
        /** Nothing beyond recording that the signal was received. */
        NONE;

        /** The key used in pack files, e.g. {@code objection}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
