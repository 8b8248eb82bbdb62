package io.custodia.server.notices;

import io.custodia.core.taxonomy.TermKey;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A published notice version: the exact text a customer may be shown, which never changes once published.
 *
 * @param key the notice's key, e.g. {@code notice.marketing.offers}
 * @param version from 1
 * @param purposes the purposes the version explains, sorted
 * @param texts the title and body per language tag; {@code en} and {@code fr} are always present
 * @param channels where the version is used ({@code web}, {@code app}, {@code store}, {@code call_center},
 *     {@code iot_device})
 * @param material whether this version changed the processing materially, so that consent given under an earlier
 *     version must be renewed; never true for version 1
 * @param contentHash lower-case hex SHA-256 of the canonical texts and purposes (see docs/notices.md)
 */
public record PublishedNotice(
        String key,
        String entityCode,
        int version,
        List<TermKey> purposes,
        Map<String, NoticeText> texts,
        Set<String> channels,
        boolean material,
        String contentHash,
        Instant publishedAt) {

    public PublishedNotice {
        purposes = List.copyOf(new TreeSet<>(purposes));
        texts = Collections.unmodifiableSortedMap(new TreeMap<>(texts));
        channels = Collections.unmodifiableSortedSet(new TreeSet<>(channels));
    }

    /** The text in a language, falling back to English. */
    public NoticeText text(String language) {
        NoticeText text = texts.get(language);
        return text != null ? text : texts.getOrDefault("en", new NoticeText(key, ""));
    }
}
