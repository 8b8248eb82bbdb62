package io.custodia.server.connectors;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The connectors feature's facade: the systems registered for an entity and the steps of a data-subject request run
 * against them.
 *
 * <p>Failures: a system that cannot be reached or answers 5xx throws {@link ConnectorUnavailableException}
 * (retryable); a permanent error (a dataset that does not fit, a 4xx answer) throws {@link ConnectorFailedException}.
 * {@code collect}, {@code erase} and {@code rectify} against a {@link SystemType#MANUAL} system throw
 * {@link IllegalArgumentException}: the caller turns manual systems into tasks for a person. Thread-safe.
 */
@Service
public class Connectors {

    /** Every enabled system registered for the entity, HTTP and manual ones included, ordered by key. */
    public List<SystemTarget> systems(String entity) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Access and portability: every reachable record of the subject, in read order. */
    public StepOutcome collect(SystemTarget system, Identities who, String requestId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Erasure by the dataset's strategies, in one transaction per system; a second run changes 0 rows. */
    public StepOutcome erase(SystemTarget system, Identities who, String requestId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Rectification: sets the fields mapped to each given data category to the new value. */
    public StepOutcome rectify(
            SystemTarget system, Identities who, Map<String, String> newValuesByDataCategory, String requestId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Restriction of processing: sent to HTTP systems; JDBC systems answer DONE with 0 rows. */
    public StepOutcome restrict(SystemTarget system, Identities who, String requestId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Art. 19: tells every recipient system of the entity (an HTTP connection with a {@code recipient} key) of the
     * request; answers the keys of the connections told.
     */
    public List<String> notifyRecipients(String entity, String requestId, String requestType, Identities who) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
