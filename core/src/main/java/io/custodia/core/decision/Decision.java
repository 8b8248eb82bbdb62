package io.custodia.core.decision;

/**
 * The answer to a {@link Question}: allowed with obligations, or denied with a reason.
 *
 * <p>The engine hands out shared, preallocated instances, so compare decisions with {@code equals} or by their
 * fields, never by identity.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

    /** Whether the use is allowed. */
    boolean allowed();

    /**
     * The use is allowed.
     *
     * @param obligations what the service must do with the data
     */
    record Allow(Obligations obligations) implements Decision {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /**
     * The use is denied.
     *
     * @param reason the first check that failed
     * @param message the reason in words a DPO understands, naming the purpose, activity or recipient concerned
     */
    record Deny(Reason reason, String message) implements Decision {
        @Override
        public boolean allowed() {
            return false;
        }
    }
}
