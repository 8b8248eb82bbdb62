package io.custodia.server.notices;

import io.custodia.core.InvalidInputException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A notice or a version's content as a client writes it; absent fields are reported by the rules, not by the
 * JSON reader, so that every error comes at once.
 */
record NoticeRequest(
        @Schema(description = "Entity code; for POST /api/v1/notices, unless given as ?entity=", example = "FR")
        @Nullable
        String entity,

        @Schema(description = "The notice's key, for POST /api/v1/notices", example = "notice.marketing.offers")
        @Nullable
        String key,

        @Schema(description = "Purpose keys of the entity's taxonomy", example = "[\"marketing.personalised_offers\"]")
        @Nullable
        List<String> purposes,

        @Schema(description = "web, app, store, call_center, iot_device", example = "[\"web\", \"app\"]") @Nullable
        List<String> channels,

        @Schema(description = "Title and body per language tag; en and fr are required") @Nullable
        Map<String, Text> texts) {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One language's text as written. */
    record Text(
            @Schema(example = "Offers chosen for you") @Nullable
            String title,

            @Schema(description = "Plain text or limited Markdown") @Nullable
            String body) {}

    /** A document of several notices, as {@link Notices#importDocument} reads it. */
    record Document(@Nullable List<NoticeRequest> notices) {}

    /** Whether the request carries no content at all. */
    boolean isEmpty() {
        return purposes == null && channels == null && texts == null;
    }

    /** The content, with absent fields empty. */
    NoticeDraft draft() {
        Map<String, NoticeText> written = new LinkedHashMap<>();
        if (texts != null) {
            texts.forEach((language, text) -> written.put(
                    language,
                    text == null
                            ? new NoticeText("", "")
                            : new NoticeText(
                                    text.title() == null ? "" : text.title(), text.body() == null ? "" : text.body())));
        }
        return new NoticeDraft(
                purposes == null
                        ? List.of()
                        : purposes.stream().map(p -> p == null ? "" : p).toList(),
                channels == null
                        ? List.of()
                        : channels.stream().map(c -> c == null ? "" : c).toList(),
                written);
    }

    /** The notices of a YAML or JSON document, failing with the path of the first unreadable field. */
    static List<NoticeRequest> parseDocument(String text) {
        try {
            Document document = YAML.readValue(text, Document.class);
            return document == null || document.notices() == null ? List.of() : document.notices();
        } catch (DatabindException e) {
            String field = e.getPath().stream()
                    .map(ref ->
                            ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .reduce("", String::concat)
                    .replaceFirst("^\\.", "");
            throw InvalidInputException.of(
                    field.isEmpty() ? "document" : field, "cannot be read: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw InvalidInputException.of("document", "is not readable YAML: " + e.getOriginalMessage());
        }
    }
}
