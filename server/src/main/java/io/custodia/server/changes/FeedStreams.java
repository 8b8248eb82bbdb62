package io.custodia.server.changes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of the changes feed and the threads that send them.
 *
 * <p>Ends every open stream when the server stops, before the web server's graceful shutdown waits for the requests
 * in progress: an open stream is one, and would never end on its own. Followers reconnect (to another server, or to
 * this one once it is back) and resume from their last event id. Thread-safe.
 */
@Component
class FeedStreams implements SmartLifecycle {
    private final AtomicInteger threads = new AtomicInteger();
    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "custodia-feed-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    void opened(SseEmitter emitter) {
        open.add(emitter);
    }

    void closed(SseEmitter emitter) {
        open.remove(emitter);
    }

    void execute(Runnable sending) {
        senders.execute(sending);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        senders.shutdownNow();
        for (SseEmitter emitter : List.copyOf(open)) {
            emitter.complete();
        }
        open.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
