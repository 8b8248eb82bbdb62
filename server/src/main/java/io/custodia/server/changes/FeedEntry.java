package io.custodia.server.changes;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change as the feed serves it.
 *
 * @param position its place in the feed: commit order, without gaps, never reused
 * @param logId the id it was written under; a write answers with it, so that a reader can tell when its own write
 *     reached the feed
 * @param recordedAt when it was written
 * @param type the change's type, such as {@code consent.changed}
 * @param entityCode the entity it belongs to
 * @param subjectId the customer it is about, if any
 * @param payload the change, as JSON
 */
public record FeedEntry(
        long position,
        long logId,
        Instant recordedAt,
        String type,
        String entityCode,
        @Nullable UUID subjectId,
        String payload) {}
