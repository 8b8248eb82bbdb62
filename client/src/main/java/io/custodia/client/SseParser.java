package io.custodia.client;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} line by line, as the HTML standard's event-stream interpretation says: {@code
 * data} lines join with line feeds, {@code id} sets the last event id, {@code event} names the event, {@code retry}
 * sets the reconnection time, a line starting with a colon is a comment, and an empty line dispatches the event.
 *
 * <p>Not thread-safe: one parser per stream, fed from the thread that reads it.
 */
final class SseParser {

    /** What the stream says. */
    interface Handler {
        /** An event was dispatched. */
        void event(@Nullable String id, String type, String data);

        /** A comment line, without its colon and one leading space. */
        void comment(String text);

        /** The server asks for this reconnection time, in milliseconds. */
        default void retry(long millis) {}
    }

    private final Handler handler;

    private final StringBuilder data = new StringBuilder();
    private @Nullable String type;
    private @Nullable String lastEventId;
    private boolean hasData;

    SseParser(Handler handler) {
        this.handler = handler;
    }

    /** The last event id the stream set, carried over events as the standard says; null before any. */
    @Nullable
    String lastEventId() {
        return lastEventId;
    }

    /** Takes one line, without its end-of-line characters. */
    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            handler.comment(withoutOneSpace(line.substring(1)));
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : withoutOneSpace(line.substring(colon + 1));
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> type = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(character -> character >= '0' && character <= '9')) {
                    try {
                        handler.retry(Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        // More digits than a long holds: the standard says to ignore a field it cannot use.
                    }
                }
            }
            default -> {
                // Unknown fields are ignored.
            }
        }
    }

    private void dispatch() {
        String eventType = type;
        type = null;
        if (!hasData) {
            return;
        }
        hasData = false;
        data.setLength(data.length() - 1);
        String text = data.toString();
        data.setLength(0);
        handler.event(lastEventId, eventType == null || eventType.isEmpty() ? "message" : eventType, text);
    }

    private static String withoutOneSpace(String value) {
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
