package io.custodia.core.change;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change of state, as the changes feed carries it.
 *
 * <p>A closed family, so that a replica handles every kind. For now it holds the consent ledger's changes and the
 * subjects' flags; activities, vendor statuses and the rest join it with the feed that reads them in commit order.
 */
public sealed interface Change permits ConsentChanged, SubjectFlagsChanged {

    /** The change's type as stored and sent, such as {@code consent.changed}. */
    String type();

    /** The entity the change belongs to. */
    String entityCode();

    /** The customer the change is about, or null for a change that is about no one customer. */
    @Nullable
    UUID subjectId();
}
