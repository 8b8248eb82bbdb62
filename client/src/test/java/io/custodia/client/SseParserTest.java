package io.custodia.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SseParserTest {

    record Event(@Nullable String id, String type, String data) {}

    private final List<Event> events = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Handler() {
        @Override
        public void event(@Nullable String id, String type, String data) {
            events.add(new Event(id, type, data));
        }

        @Override
        public void comment(String text) {
            comments.add(text);
        }

        @Override
        public void retry(long millis) {
            retries.add(millis);
        }
    });

    private void feed(String stream) throws IOException {
        // BufferedReader splits on LF, CR and CRLF, as the standard's line endings are.
        BufferedReader lines = new BufferedReader(new StringReader(stream));
        String line;
        while ((line = lines.readLine()) != null) {
            parser.line(line);
        }
    }

    @Test
    void anEvent_asTheServerSendsIt_givesItsIdTypeAndData() throws IOException {
        feed("id:42\nevent:consent.changed\ndata:{\"position\":42}\n\n");

        assertThat(events).containsExactly(new Event("42", "consent.changed", "{\"position\":42}"));
        assertThat(parser.lastEventId()).isEqualTo("42");
    }

    @Test
    void dataLines_joinWithLineFeeds_andOneLeadingSpaceIsDropped() throws IOException {
        feed("data: first\ndata:  second\ndata\n\n");

        assertThat(events).containsExactly(new Event(null, "message", "first\n second\n"));
    }

    @Test
    void comments_areHeartbeats_andCountForNothingElse() throws IOException {
        feed(":heartbeat 1234\n: following after 7\n\n");

        assertThat(comments).containsExactly("heartbeat 1234", "following after 7");
        assertThat(events).isEmpty();
    }

    @Test
    void anIdCarriesOver_toLaterEventsWithoutOne_andAnIdWithNul_isIgnored() throws IOException {
        feed("id: 5\ndata:a\n\ndata:b\n\nid:6\u0000\ndata:c\n\n");

        assertThat(events).extracting(Event::id).containsExactly("5", "5", "5");
    }

    @Test
    void crlfAndCrLineEndings_areLineEndings() throws IOException {
        feed("id:1\r\ndata:x\r\n\r\nid:2\rdata:y\r\r");

        assertThat(events).containsExactly(new Event("1", "message", "x"), new Event("2", "message", "y"));
    }

    @Test
    void anEventWithoutData_isNotDispatched_andItsTypeDoesNotLeakIntoTheNext() throws IOException {
        feed("event:ping\n\ndata:after\n\n");

        assertThat(events).containsExactly(new Event(null, "message", "after"));
    }

    @Test
    void anEventCutOffBeforeItsBlankLine_isNotDispatched() throws IOException {
        feed("id:9\ndata:{\"half\":");

        assertThat(events).isEmpty();
    }

    @Test
    void retry_takesDigitsOnly_andUnknownFieldsAreIgnored() throws IOException {
        feed("retry:2000\nretry:soon\nretry:99999999999999999999999\ncolour:blue\ndata:x\n\n");

        assertThat(retries).containsExactly(2000L);
        assertThat(events).containsExactly(new Event(null, "message", "x"));
    }
}
