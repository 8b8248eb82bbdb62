package io.custodia.core.change;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change of state, as the changes feed carries it.
 *
 * <p>A closed family, so that a replica handles every kind: a customer's consent state for a purpose, a customer's
 * flags, and an entity's whole decision policy (register, recipients, notices, jurisdiction), which carries every
 * change of those.
 */
public sealed interface Change permits ConsentChanged, SubjectFlagsChanged, PolicyChanged {

    /** The change's type as stored and sent, such as {@code consent.changed}. */
    String type();

    /** The entity the change belongs to. */
    String entityCode();

    /** The customer the change is about, or null for a change that is about no one customer. */
    @Nullable
    UUID subjectId();
}
