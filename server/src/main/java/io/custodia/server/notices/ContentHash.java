package io.custodia.server.notices;

import io.custodia.core.audit.AuditChain;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The content hash of a notice version: proof of the exact text a customer was shown (GDPR Art. 7(1)).
 *
 * <p>The hash is the lower-case hex SHA-256 of the UTF-8 bytes of this JSON document, written in the JSON
 * Canonicalization Scheme (RFC 8785): no white space between tokens, object members sorted by name, strings
 * escaped only where JSON requires it (quote, backslash, and control characters: the short forms b, f, n, r, t after
 * a backslash where JSON has them, else a backslash, u and four lower-case hex digits), every other character
 * written as itself.
 *
 * <pre>{"purposes":["marketing.personalised_offers"],"texts":{"en":{"body":"…","title":"…"},"fr":{…}}}</pre>
 *
 * <p>{@code purposes} are the purpose keys sorted, without duplicates; {@code texts} has one member per language
 * tag. The texts are hashed as stored, and stored normalised (Unicode NFC, {@code \n} line breaks, no leading or
 * trailing white space): so the same words typed on any system give the same hash, and anyone holding the text
 * can recompute it without Custodia. Channels, dates and the version number are not part of the content.
 */
final class ContentHash {
    private ContentHash() {}

    /** The hash of these purposes and texts. */
    static String of(Collection<String> purposes, Map<String, NoticeText> texts) {
        return AuditChain.sha256Hex(canonical(purposes, texts).getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical JSON the hash is computed over. */
    static String canonical(Collection<String> purposes, Map<String, NoticeText> texts) {
        StringBuilder out = new StringBuilder("{\"purposes\":[");
        String separator = "";
        for (String purpose : new TreeSet<>(purposes)) {
            out.append(separator);
            string(out, purpose);
            separator = ",";
        }
        out.append("],\"texts\":{");
        separator = "";
        // Language tags are ASCII, so String order is the UTF-16 code-unit order RFC 8785 asks for.
        for (Map.Entry<String, NoticeText> text : new TreeMap<>(texts).entrySet()) {
            out.append(separator);
            string(out, text.getKey());
            out.append(":{\"body\":");
            string(out, text.getValue().body());
            out.append(",\"title\":");
            string(out, text.getValue().title());
            out.append('}');
            separator = ",";
        }
        return out.append("}}").toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            switch (character) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (character < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) character));
                    } else {
                        out.append(character);
                    }
                }
            }
        }
        out.append('"');
    }
}
