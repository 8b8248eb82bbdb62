package io.custodia.server.changes;

import io.custodia.core.InvalidInputException;
import io.custodia.server.identity.EntityScope;
import io.custodia.server.identity.Staff;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The changes feed over HTTP: every change in commit order, as server-sent events whose {@code id} is the feed
 * position, resumable with {@code ?after=} or the {@code Last-Event-ID} header; or one page of it as JSON.
 *
 * <p>Each open stream holds one thread that waits for the feed's head to move, and sends a comment every {@link
 * #HEARTBEAT} when nothing happens, so that a follower can tell a quiet feed from a dead connection.
 */
@RestController
@RequestMapping("/api/v1/changes")
@Tag(name = "Changes feed", description = "Every change decision replicas apply, in commit order")
@PreAuthorize("hasAnyRole('DPO','ENGINEER','AUDITOR') or hasAuthority('SCOPE_feed:read')")
class ChangesFeedApi {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration MAX_HEARTBEAT = Duration.ofMinutes(1);
    private static final Duration STREAM_LIFETIME = Duration.ofHours(1);
    private static final Duration RECONNECT = Duration.ofSeconds(2);
    private static final int PAGE = 500;
    private static final int MAX_PAGE = 5_000;

    private final Changes changes;
    private final Staff staff;
    private final ObjectMapper json;
    private final FeedStreams streams;

    ChangesFeedApi(Changes changes, Staff staff, ObjectMapper json, FeedStreams streams) {
        this.streams = streams;
        this.changes = changes;
        this.staff = staff;
        this.json = json;
    }

    /** A page of the feed. */
    record FeedPage(List<ObjectNode> changes, long head) {}

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow the changes feed from a position, as server-sent events (id = position)")
    SseEmitter stream(
            @Parameter(description = "the last position already applied; 0 or absent for the beginning")
                    @RequestParam(required = false)
                    @Nullable
                    Long after,
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String entity,
            @Parameter(
                            description = "how often to send a heartbeat when nothing happens, ISO-8601, PT1S to PT1M;"
                                    + " PT15S by default")
                    @RequestParam(required = false)
                    @Nullable
                    String heartbeat) {
        long from = start(after, lastEventId);
        Duration every = heartbeat(heartbeat);
        @Nullable Set<String> entities = entities(entity);
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        AtomicBoolean open = new AtomicBoolean(true);
        streams.opened(emitter);
        emitter.onCompletion(() -> closed(emitter, open));
        emitter.onTimeout(() -> closed(emitter, open));
        emitter.onError(error -> closed(emitter, open));
        streams.execute(() -> follow(emitter, open, from, entities, every));
        return emitter;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Read one page of the changes feed after a position")
    FeedPage page(
            @RequestParam(required = false) @Nullable Long after,
            @RequestParam(required = false) @Nullable String entity,
            @RequestParam(required = false) @Nullable Integer limit) {
        long from = start(after, null);
        int size = limit == null ? PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw InvalidInputException.of("limit", "must be between 1 and " + MAX_PAGE + ", got " + size);
        }
        long head = changes.head();
        return new FeedPage(
                changes.after(from, entities(entity), size).stream()
                        .map(this::body)
                        .toList(),
                head);
    }

    /**
     * Sends the feed from a position until the follower goes away. A heartbeat is a comment {@code heartbeat {p}}:
     * the follower has been sent every change of its entities up to position {@code p}, so it can resume from there
     * and knows how far behind the head it is.
     */
    private void follow(
            SseEmitter emitter, AtomicBoolean open, long from, @Nullable Set<String> entities, Duration heartbeat) {
        long position = from;
        long lastSent = System.nanoTime();
        try {
            // Sent at once, so that the follower gets the response headers and knows how soon to reconnect.
            emitter.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()).comment("following after " + from));
            while (open.get()) {
                // Every change up to the head is final, so when none of them is for this follower, it can skip them.
                long head = changes.head();
                List<FeedEntry> batch = changes.after(position, entities, PAGE);
                if (batch.isEmpty()) {
                    position = Math.max(position, head);
                    long quietFor = System.nanoTime() - lastSent;
                    if (quietFor >= heartbeat.toNanos()) {
                        emitter.send(SseEmitter.event().comment("heartbeat " + position));
                        lastSent = System.nanoTime();
                    } else {
                        changes.awaitAfter(position, heartbeat.minusNanos(quietFor));
                    }
                    continue;
                }
                for (FeedEntry entry : batch) {
                    emitter.send(SseEmitter.event()
                            .id(Long.toString(entry.position()))
                            .name(entry.type())
                            .data(body(entry).toString(), MediaType.APPLICATION_JSON));
                    position = entry.position();
                }
                lastSent = System.nanoTime();
            }
        } catch (IOException | IllegalStateException e) {
            // The follower went away; it resumes from its last event id.
            emitter.completeWithError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        }
    }

    private ObjectNode body(FeedEntry entry) {
        ObjectNode body = json.createObjectNode();
        body.put("position", entry.position())
                .put("logId", entry.logId())
                .put("type", entry.type())
                .put("entity", entry.entityCode())
                .put("recordedAt", entry.recordedAt().toString());
        if (entry.subjectId() != null) {
            body.put("subjectId", entry.subjectId().toString());
        }
        body.set("change", json.readTree(entry.payload()));
        return body;
    }

    private static Duration heartbeat(@Nullable String heartbeat) {
        if (heartbeat == null || heartbeat.isBlank()) {
            return HEARTBEAT;
        }
        Duration every;
        try {
            every = Duration.parse(heartbeat.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw InvalidInputException.of("heartbeat", "must be an ISO-8601 duration such as PT1S, got " + heartbeat);
        }
        if (every.compareTo(MIN_HEARTBEAT) < 0 || every.compareTo(MAX_HEARTBEAT) > 0) {
            throw InvalidInputException.of("heartbeat", "must be between PT1S and PT1M, got " + heartbeat);
        }
        return every;
    }

    private static long start(@Nullable Long after, @Nullable String lastEventId) {
        long from;
        if (after != null) {
            from = after;
        } else if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                from = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw InvalidInputException.of("Last-Event-ID", "must be a feed position, got '" + lastEventId + "'");
            }
        } else {
            from = 0;
        }
        if (from < 0) {
            throw InvalidInputException.of("after", "a feed position is 0 or more, got " + from);
        }
        return from;
    }

    /** The entities the caller may follow, narrowed to one when asked; null for every entity. */
    private @Nullable Set<String> entities(@Nullable String entity) {
        EntityScope scope = staff.scope();
        if (entity != null && !entity.isBlank()) {
            staff.requireEntity(entity.strip());
            return Set.of(entity.strip());
        }
        return scope instanceof EntityScope.Only only ? only.entityCodes() : null;
    }

    private void closed(SseEmitter emitter, AtomicBoolean open) {
        open.set(false);
        streams.closed(emitter);
    }
}
