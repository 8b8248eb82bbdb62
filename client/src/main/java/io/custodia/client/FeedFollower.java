package io.custodia.client;

import io.custodia.core.InvalidInputException;
import io.custodia.core.decision.Snapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The thread that keeps a {@link Replica} fresh: loads a snapshot, follows the changes feed after its position, and
 * on any failure reconnects after a back-off, resuming after the last position applied.
 *
 * <p>What it does when:
 *
 * <ul>
 *   <li>the stream ends or breaks, or nothing (not even a heartbeat) arrives within the read timeout: it reconnects
 *       after the replica's position; changes already applied that the server sends again are skipped by position;
 *   <li>the server answers 410 Gone (it no longer holds the changes after that position): it loads a new snapshot;
 *   <li>an event carries a type this client does not know, or a change the engine cannot apply: it fails closed at
 *       once (every decision is a stale-replica denial) and loads a new snapshot, since going on without that change
 *       could allow what it would deny.
 * </ul>
 *
 * <p>The read timeout is kept by a watchdog thread that closes a stream silent for too long; the JDK's HTTP client
 * has no timeout for reading a streamed body.
 */
final class FeedFollower implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.custodia.client");
    private static final String HEARTBEAT = "heartbeat";

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final String entityCode;
    private final Duration heartbeat;
    private final Duration readTimeout;
    private final Clock clock;
    private final Replica replica;
    private final ChangeDecoder decoder;
    private final ReplicaListener listener;
    private final Backoff backoff;
    private final Thread thread;
    private final ScheduledExecutorService watchdog;

    private volatile boolean closed;
    private volatile @Nullable InputStream body;
    private volatile long lastReadNanos;
    private boolean needsSnapshot = true;

    FeedFollower(
            HttpClient http,
            URI base,
            String authorization,
            String entityCode,
            Duration heartbeat,
            Duration readTimeout,
            Clock clock,
            Replica replica,
            ChangeDecoder decoder,
            ReplicaListener listener,
            Backoff backoff) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.entityCode = entityCode;
        this.heartbeat = heartbeat;
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.replica = replica;
        this.decoder = decoder;
        this.listener = listener;
        this.backoff = backoff;
        this.thread = new Thread(this, "custodia-feed-" + entityCode);
        this.thread.setDaemon(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread watching = new Thread(task, "custodia-feed-watchdog-" + entityCode);
            watching.setDaemon(true);
            return watching;
        });
    }

    void start() {
        long period = Math.max(50, readTimeout.toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::closeIfSilent, period, period, TimeUnit.MILLISECONDS);
        thread.start();
    }

    void close() {
        closed = true;
        watchdog.shutdownNow();
        closeBody();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        int failures = 0;
        while (!closed) {
            try {
                if (needsSnapshot) {
                    loadSnapshot();
                    needsSnapshot = false;
                }
                if (follow()) {
                    failures = 0;
                } else {
                    failures = pause(failures, new IOException("the feed's stream ended before it said anything"));
                }
            } catch (Gone e) {
                LOG.log(System.Logger.Level.INFO, "The feed no longer holds position {0}; loading a snapshot", e.after);
                needsSnapshot = true;
                failures = 0;
            } catch (CannotApply e) {
                replica.failClosed();
                needsSnapshot = true;
                failures = pause(failures, e);
            } catch (IOException | UncheckedIOException | InvalidInputException | ProblemException e) {
                failures = pause(failures, e);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A failure nobody foresaw: nothing proves the replica whole any more.
                LOG.log(System.Logger.Level.ERROR, "Custodia feed of " + entityCode + " failed", e);
                replica.failClosed();
                needsSnapshot = true;
                failures = pause(failures, e);
            }
        }
    }

    /** Tells the listener and waits before the next attempt; returns the failures counted so far. */
    private int pause(int failures, Exception cause) {
        if (closed) {
            return failures;
        }
        LOG.log(System.Logger.Level.WARNING, "Custodia feed of " + entityCode + ": " + cause.getMessage());
        try {
            listener.disconnected(cause);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A replica listener failed", e);
        }
        int count = failures + 1;
        try {
            Thread.sleep(backoff.delay(count).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        return count;
    }

    private void loadSnapshot() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        base.resolve("api/v1/changes/snapshot?entity=" + encode(entityCode)))
                .header("Authorization", authorization)
                .header("Accept", "application/octet-stream")
                .timeout(readTimeout)
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = response.body()) {
            if (response.statusCode() != 200) {
                throw Problems.of(response.statusCode(), response.headers(), stream);
            }
            body = stream;
            lastReadNanos = System.nanoTime();
            Snapshot.Loaded loaded = Snapshot.read(new WatchedStream(stream));
            if (!loaded.entityCode().equals(entityCode)) {
                throw InvalidInputException.of(
                        "snapshot.entity", "asked for " + entityCode + ", got " + loaded.entityCode());
            }
            replica.install(loaded, clock.millis());
            try {
                listener.bootstrapped(loaded.position(), loaded.subjects());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A replica listener failed", e);
            }
        } finally {
            body = null;
        }
    }

    /**
     * Follows the feed until the stream ends.
     *
     * @return whether the stream said anything (a line) before it ended
     */
    private boolean follow() throws IOException, InterruptedException, Gone {
        long after = replica.position();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(
                        "api/v1/changes?after=" + after + "&entity=" + encode(entityCode) + "&heartbeat=" + heartbeat))
                .header("Authorization", authorization)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(after))
                .timeout(readTimeout)
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = response.body()) {
            if (response.statusCode() == 410) {
                throw new Gone(after);
            }
            if (response.statusCode() != 200) {
                throw Problems.of(response.statusCode(), response.headers(), stream);
            }
            body = stream;
            lastReadNanos = System.nanoTime();
            SseParser parser = new SseParser(new Handler());
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(new WatchedStream(stream), StandardCharsets.UTF_8));
            String line;
            boolean heard = false;
            while (!closed && (line = lines.readLine()) != null) {
                heard = true;
                parser.line(line);
            }
            return heard;
        } finally {
            body = null;
        }
    }

    /** Applies what the stream says. */
    private final class Handler implements SseParser.Handler {
        @Override
        public void event(@Nullable String id, String type, String data) {
            ChangeDecoder.FeedChange change;
            try {
                change = decoder.decode(id, data);
            } catch (ChangeDecoder.UnknownType | InvalidInputException e) {
                throw new CannotApply(e);
            }
            try {
                replica.apply(change.position(), change.change(), clock.millis(), listener);
            } catch (InvalidInputException | IllegalStateException e) {
                throw new CannotApply(e);
            }
        }

        @Override
        public void comment(String text) {
            if (!text.startsWith(HEARTBEAT)) {
                return;
            }
            String rest = text.substring(HEARTBEAT.length()).strip();
            Long head = null;
            if (!rest.isEmpty()) {
                try {
                    head = Long.parseLong(rest);
                } catch (NumberFormatException e) {
                    // A heartbeat that names no head still says the server is there and has sent everything.
                }
            }
            replica.heartbeat(head, clock.millis());
        }
    }

    private void closeIfSilent() {
        InputStream current = body;
        if (current != null && System.nanoTime() - lastReadNanos > readTimeout.toNanos()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Custodia feed of " + entityCode + ": nothing heard for " + readTimeout + ", reconnecting");
            closeBody();
        }
    }

    private void closeBody() {
        InputStream current = body;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing the feed's stream failed", e);
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Notes the time of every read, for the watchdog. */
    private final class WatchedStream extends InputStream {
        private final InputStream stream;

        WatchedStream(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public int read() throws IOException {
            int read = stream.read();
            lastReadNanos = System.nanoTime();
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = stream.read(buffer, offset, length);
            lastReadNanos = System.nanoTime();
            return read;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** The server no longer holds the feed after this position. */
    private static final class Gone extends Exception {
        private static final long serialVersionUID = 1L;
        final long after;

        Gone(long after) {
            super("the feed after position " + after + " is gone", null, false, false);
            this.after = after;
        }
    }

    /** The feed carried something this replica cannot apply. */
    private static final class CannotApply extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotApply(RuntimeException cause) {
            super(
                    "cannot apply the feed's change, failing closed and loading a snapshot: " + cause.getMessage(),
                    cause);
        }
    }
}
