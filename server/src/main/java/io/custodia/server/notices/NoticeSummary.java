package io.custodia.server.notices;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A line of the list of notices.
 *
 * @param latestVersion the highest version number, draft or published
 * @param latestStatus that version's status, "draft" or "published"
 * @param publishedVersion the latest published version, absent when none is published yet
 * @param publishedAt when that version was published
 */
public record NoticeSummary(
        String key,
        String entity,
        List<String> purposes,
        int latestVersion,
        String latestStatus,
        @Nullable Integer publishedVersion,
        @Nullable Instant publishedAt) {
    public NoticeSummary {
        purposes = List.copyOf(purposes);
    }
}
