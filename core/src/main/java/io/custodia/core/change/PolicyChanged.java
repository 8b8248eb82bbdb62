package io.custodia.core.change;

import io.custodia.core.InvalidInputException;
import io.custodia.core.decision.PolicyDocument;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An entity's decision policy after anything it is compiled from changed: an activity of the register, a recipient,
 * a notice, the jurisdiction's rules. Carries the whole policy, never a difference, so that a replica swaps it in
 * without knowing the previous one.
 *
 * @param entityCode the entity whose policy it is
 * @param cause what changed, such as {@code activity.status_changed}, {@code activity.changed}, {@code
 *     recipient.changed}, {@code notice.published}, {@code jurisdiction.changed} or {@code bootstrap}; for people
 *     and logs, replicas do not read it
 * @param key the key of the activity, recipient or purpose concerned, or null when the change concerns none in
 *     particular
 * @param policy the policy now in force
 */
public record PolicyChanged(
        String entityCode, String cause, @Nullable String key, PolicyDocument policy) implements Change {

    /** The type of this change. */
    public static final String TYPE = "policy.changed";

    public PolicyChanged {
        if (cause.isBlank()) {
            throw InvalidInputException.of("cause", "say what changed, such as activity.status_changed");
        }
        if (!entityCode.equals(policy.entity())) {
            throw InvalidInputException.of(
                    "policy.entity", "the policy of " + policy.entity() + " cannot be a change of " + entityCode);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Null: a policy is about no one customer. */
    @Override
    public @Nullable UUID subjectId() {
        return null;
    }
}
