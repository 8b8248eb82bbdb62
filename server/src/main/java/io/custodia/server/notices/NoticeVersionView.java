package io.custodia.server.notices;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One version of a notice as staff see it, draft or published.
 *
 * @param status "draft" or "published"
 * @param contentHash the hash of the version's texts and purposes; a draft's changes with every edit, a published
 *     version's never does
 * @param publicUrl for a published version, the path of the public page that shows its text to customers
 */
public record NoticeVersionView(
        String key,
        String entity,
        int version,
        String status,
        List<String> purposes,
        List<String> channels,
        Map<String, NoticeText> texts,
        boolean material,
        String contentHash,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant publishedAt,
        @Nullable String publishedBy,
        @Nullable String publicUrl) {

    static final String DRAFT = "draft";
    static final String PUBLISHED = "published";

    public NoticeVersionView {
        purposes = List.copyOf(purposes);
        channels = List.copyOf(channels);
        texts = NoticeRules.sorted(texts);
    }

    boolean isDraft() {
        return DRAFT.equals(status);
    }

    /** The text in a language, falling back to English. */
    public NoticeText text(String language) {
        NoticeText text = texts.get(language);
        return text != null ? text : texts.getOrDefault("en", new NoticeText("", ""));
    }

    /** The draft content of this version, e.g. to start the next version from it. */
    NoticeDraft content() {
        return new NoticeDraft(purposes, channels, texts);
    }
}
