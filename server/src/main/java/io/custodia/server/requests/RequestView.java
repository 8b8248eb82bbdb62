package io.custodia.server.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A data-subject request as the API and the console show it.
 *
 * @param status {@code verifying} (waiting for the code sent by e-mail), {@code in_progress}, {@code completed},
 *     {@code failed} or {@code refused}
 * @param agent the staff member who filed it on the customer's behalf, if one did
 * @param dueOn the legal due date, in the entity's time zone
 * @param dueAt the last instant of the due date
 * @param extensionReason why the deadline was extended, once it was
 * @param packageUrl where the result package is, while an access or portability request's package is kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(
        UUID id,
        String entity,
        String type,
        String status,
        String channel,
        @Nullable String agent,
        String language,
        Instant receivedAt,
        LocalDate dueOn,
        Instant dueAt,
        @Nullable String extensionReason,
        @Nullable Instant extendedAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant completedAt,
        @Nullable String packageUrl,
        @Nullable Instant packageExpiresAt,
        List<Task> tasks,
        List<Event> timeline) {

    public RequestView {
        tasks = List.copyOf(tasks);
        timeline = List.copyOf(timeline);
    }

    /**
     * One task of the request.
     *
     * @param step {@code collect}, {@code erase}, {@code rectify}, {@code restrict}, {@code notify}, {@code package},
     *     {@code flag}, {@code object} or {@code shred}
     * @param system the key of the system it runs in; {@code custodia} for the steps Custodia runs itself
     * @param status {@code pending}, {@code running}, {@code waiting} (an HTTP system will answer), {@code manual} (a
     *     person must do it), {@code done} or {@code failed}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(
            UUID id,
            int stage,
            String step,
            String system,
            String systemName,
            boolean manual,
            @Nullable String instructions,
            String status,
            int attempts,
            long rowsChanged,
            @Nullable String detail,
            @Nullable Instant doneAt) {}

    /** One step of the timeline, oldest first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(
            Instant at, String kind, String actor, @Nullable String detail) {}

    /** Whether the request is still being worked on. */
    public boolean open() {
        return status.equals("verifying") || status.equals("in_progress");
    }
}
