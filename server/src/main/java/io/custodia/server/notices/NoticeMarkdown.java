package io.custodia.server.notices;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limited Markdown of notice bodies, read into blocks that templates print with ordinary escaping, so that a
 * body can never inject markup.
 *
 * <p>What it understands: paragraphs separated by a blank line (single line breaks are kept), lines starting with
 * {@code # }, {@code ## } or {@code ### } as headings, lines starting with {@code - } or {@code * } as list items,
 * and {@code **bold**} inside any of them. Everything else is shown as written.
 */
final class NoticeMarkdown {
    private static final Pattern HEADING = Pattern.compile("^#{1,3}\\s+(.+)$");
    private static final Pattern ITEM = Pattern.compile("^[-*]\\s+(.+)$");
    private static final Pattern STRONG = Pattern.compile("\\*\\*(.+?)\\*\\*");

    private NoticeMarkdown() {}

    /** A run of text, bold or not. */
    record Span(String text, boolean strong) {}

    /**
     * A block of the body.
     *
     * @param kind {@code heading}, {@code paragraph} (its lines are separated by line breaks) or {@code list}
     *     (one line per item)
     */
    record Block(String kind, List<List<Span>> lines) {
        Block {
            lines = List.copyOf(lines);
        }
    }

    /** The blocks of a body. */
    static List<Block> read(String body) {
        List<Block> blocks = new ArrayList<>();
        String kind = "";
        List<List<Span>> lines = new ArrayList<>();
        for (String raw : body.split("\n", -1)) {
            String line = raw.strip();
            Matcher heading = HEADING.matcher(line);
            Matcher item = ITEM.matcher(line);
            String lineKind =
                    line.isEmpty() ? "" : heading.matches() ? "heading" : item.matches() ? "list" : "paragraph";
            if (!lineKind.equals(kind) || lineKind.equals("heading")) {
                if (!lines.isEmpty()) {
                    blocks.add(new Block(kind, lines));
                }
                kind = lineKind;
                lines = new ArrayList<>();
            }
            switch (lineKind) {
                case "heading" -> lines.add(spans(heading.group(1)));
                case "list" -> lines.add(spans(item.group(1)));
                case "paragraph" -> lines.add(spans(line));
                default -> {
                    // a blank line only ends the block
                }
            }
        }
        if (!lines.isEmpty()) {
            blocks.add(new Block(kind, lines));
        }
        return blocks;
    }

    private static List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        Matcher strong = STRONG.matcher(text);
        int at = 0;
        while (strong.find()) {
            if (strong.start() > at) {
                spans.add(new Span(text.substring(at, strong.start()), false));
            }
            spans.add(new Span(strong.group(1), true));
            at = strong.end();
        }
        if (at < text.length()) {
            spans.add(new Span(text.substring(at), false));
        }
        return spans;
    }
}
