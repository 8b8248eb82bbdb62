package io.custodia.server.requests;

import java.time.Instant;
import java.util.UUID;

/**
 * The result of an access or portability request, in one of its two forms.
 *
 * @param body the JSON document or the HTML page
 * @param expiresAt when it will be deleted
 */
public record ResultPackage(UUID requestId, Format format, String body, Instant expiresAt) {

    /** The package's forms: machine-readable JSON, and a page that a person reads. */
    public enum Format {
        JSON("application/json", "json"),
        HTML("text/html;charset=UTF-8", "html");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        /** A file name for a download of this form. */
        public String fileName(UUID requestId) {
            return "my-data-" + requestId + "." + extension;
        }
    }
}
