package io.custodia.server.consent;

import io.custodia.core.consent.NoticeVersions;
import io.custodia.core.taxonomy.TermKey;
import io.custodia.server.notices.Notices;
import io.custodia.server.notices.PublishedNotice;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * What the recording rules read of one entity's published notices, each fact read once and kept with the entity's
 * context ({@link EntityContexts}), which is dropped when a notice is published. A published version never changes,
 * so a fact read once stays true until the next publication.
 *
 * <p>Thread-safe: requests share it. Two requests that miss the same fact at once both read it, and either answer
 * is kept (they are the same).
 */
final class NoticeFacts {
    private final String entityCode;
    private final Notices notices;
    private final ConcurrentMap<PurposeVersion, Optional<PublishedNotice>> published = new ConcurrentHashMap<>();
    private final ConcurrentMap<TermKey, Optional<PublishedNotice>> latest = new ConcurrentHashMap<>();
    private volatile @Nullable NoticeVersions versions;

    NoticeFacts(String entityCode, Notices notices) {
        this.entityCode = entityCode;
        this.notices = notices;
    }

    /** The published version of the purpose's notice by number, as {@link Notices#published} answers. */
    Optional<PublishedNotice> published(TermKey purpose, int version) {
        PurposeVersion key = new PurposeVersion(purpose, version);
        Optional<PublishedNotice> found = published.get(key);
        if (found == null) {
            found = notices.published(entityCode, purpose, version);
            published.putIfAbsent(key, found);
        }
        return found;
    }

    /** The latest published version covering the purpose, as {@link Notices#latest} answers. */
    Optional<PublishedNotice> latest(TermKey purpose) {
        Optional<PublishedNotice> found = latest.get(purpose);
        if (found == null) {
            found = notices.latest(entityCode, purpose);
            latest.putIfAbsent(purpose, found);
        }
        return found;
    }

    /** The entity's notice facts for folding, as {@link Notices#noticeVersions} answers. */
    NoticeVersions versions() {
        NoticeVersions found = versions;
        if (found == null) {
            found = notices.noticeVersions(entityCode);
            versions = found;
        }
        return found;
    }

    private record PurposeVersion(TermKey purpose, int version) {}
}
