package io.custodia.server.consent;

import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.notices.Notices;
import io.custodia.server.notices.PublishedNotice;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the recording rules read of the notices, each fact read once: a request reads a notice once however many of
 * its events name it, and a bulk import once for its whole file. Not thread-safe; one per request.
 */
final class NoticeFacts {
    private final Notices notices;
    private final Map<String, Optional<PublishedNotice>> published = new HashMap<>();
    private final Map<String, Optional<PublishedNotice>> latest = new HashMap<>();
    private final Map<String, NoticeVersions> versions = new HashMap<>();

    NoticeFacts(Notices notices) {
        this.notices = notices;
    }

    Optional<PublishedNotice> published(String entityCode, TermKey purpose, int version) {
        return published.computeIfAbsent(
                entityCode + "\u0000" + purpose.value() + "\u0000" + version,
                key -> notices.published(entityCode, purpose, version));
    }

    Optional<PublishedNotice> latest(String entityCode, TermKey purpose) {
        return latest.computeIfAbsent(
                entityCode + "\u0000" + purpose.value(), key -> notices.latest(entityCode, purpose));
    }

    NoticeVersions noticeVersions(String entityCode) {
        return versions.computeIfAbsent(entityCode, notices::noticeVersions);
    }
}
