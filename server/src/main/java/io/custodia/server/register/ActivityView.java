package io.custodia.server.register;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.custodia.core.InvalidInputException.FieldError;
import io.custodia.core.register.ActivityDraft;
import io.custodia.core.register.ActivityStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored processing activity as the API shows it: its identity, status and version, then the fields of its
 * {@link ActivityDraft} at the same level.
 *
 * @param entity the code of the entity it belongs to
 * @param status {@code draft}, {@code active}, {@code halted} or {@code retired}
 * @param statusReason why the status last changed, when someone said
 * @param version increases with every write; give it back when editing (optimistic locking)
 * @param warnings what is still missing before the activity may be active (empty once complete)
 */
public record ActivityView(
        UUID id,
        String entity,
        String status,
        @Nullable String statusReason,
        long version,
        @JsonUnwrapped ActivityDraft content,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> warnings) {

    public ActivityView {
        warnings = List.copyOf(warnings);
    }

    /** The status as a value. */
    @JsonIgnore
    public ActivityStatus statusValue() {
        return ActivityStatus.of("status", status);
    }

    /** The same activity with these warnings. */
    ActivityView withWarnings(List<FieldError> newWarnings) {
        return new ActivityView(id, entity, status, statusReason, version, content, createdAt, updatedAt, newWarnings);
    }
}
