package io.custodia.server.requests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The pool of workers that carry requests out: each claims a ready task from {@link TaskQueue}, runs it with {@link
 * TaskRunner}, and claims the next; when none is ready it waits for a {@link TaskSignal} or the poll interval. Any
 * number of server instances may run workers on the same database. Configured by {@code custodia.requests.workers}
 * (2 by default; 0 runs none) and {@code custodia.requests.poll} (1 second).
 */
@Component
class RequestWorkers implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RequestWorkers.class);

    private final TaskQueue queue;
    private final TaskRunner runner;
    private final TaskSignal signal;
    private final int size;
    private final Duration poll;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    RequestWorkers(
            TaskQueue queue,
            TaskRunner runner,
            TaskSignal signal,
            @Value("${custodia.requests.workers:2}") int size,
            @Value("${custodia.requests.poll:PT1S}") Duration poll) {
        this.queue = queue;
        this.runner = runner;
        this.signal = signal;
        this.size = size;
        this.poll = poll;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int index = 0; index < size; index++) {
            Thread worker = new Thread(this::work, "custodia-request-worker-" + index);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread worker : threads) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                Optional<TaskQueue.Claimed> task = queue.claim();
                if (task.isPresent()) {
                    runner.run(task.get());
                } else {
                    signal.await(poll.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database went away for a moment: the task's lease runs out and it is claimed again.
                log.warn("A request worker's pass failed; trying again shortly", e);
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
