package io.custodia.server.notices;

import java.time.Instant;
import java.util.List;

/**
 * A notice with all its versions, oldest first.
 *
 * @param key e.g. {@code notice.marketing.offers}
 * @param purposes the purposes the notice explains: those of its published versions and of its draft
 */
public record NoticeView(
        String key, String entity, List<String> purposes, Instant createdAt, List<NoticeVersionView> versions) {
    public NoticeView {
        purposes = List.copyOf(purposes);
        versions = List.copyOf(versions);
    }
}
