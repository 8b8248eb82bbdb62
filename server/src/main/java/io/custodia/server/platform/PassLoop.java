package io.custodia.server.platform;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs passes of some work that follows commits (chaining audit entries, numbering the changes feed) on a thread of its
 * own: when woken, and at least every interval in any case, until stopped. The same passes can run on a caller's
 * thread, for a reader that needs them done now; passes never overlap.
 *
 * <p>A pass handles at most a batch and answers how much it did; a full batch means more may be waiting, so passes go
 * on until one does less. A pass that fails is logged and tried again after the interval: the work it left stays for
 * the next one. Thread-safe.
 */
public final class PassLoop {
    private static final Logger log = LoggerFactory.getLogger(PassLoop.class);

    private final String name;
    private final Duration interval;
    private final int batch;
    private final IntSupplier pass;
    private final ReentrantLock passing = new ReentrantLock();
    private volatile @Nullable Thread thread;
    private volatile boolean running;

    /**
     * @param name the thread's name, also used in the log
     * @param interval the longest time between passes
     * @param batch the most one pass handles
     * @param pass one pass; answers how many items it handled
     */
    public PassLoop(String name, Duration interval, int batch, IntSupplier pass) {
        this.name = name;
        this.interval = interval;
        this.batch = batch;
        this.pass = pass;
    }

    /** Asks the loop's thread for a pass soon; returns at once. */
    public void wake() {
        Thread looping = thread;
        if (looping != null) {
            LockSupport.unpark(looping);
        }
    }

    /** Runs passes on the caller's thread until one handles less than a batch. */
    public void runNow() {
        passing.lock();
        try {
            while (pass.getAsInt() == batch) {
                // More may be waiting: go on.
            }
        } finally {
            passing.unlock();
        }
    }

    /** Starts the loop's thread. */
    public void start() {
        running = true;
        Thread looping = new Thread(this::loop, name);
        looping.setDaemon(true);
        thread = looping;
        looping.start();
    }

    /** Stops the loop's thread, waiting a few seconds for a pass under way. */
    public void stop() {
        running = false;
        Thread looping = thread;
        thread = null;
        if (looping != null) {
            LockSupport.unpark(looping);
            try {
                looping.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the loop's thread runs. */
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                runNow();
            } catch (RuntimeException e) {
                // The database may be restarting or the server stopping; the work waits for the next pass.
                log.warn("{}: a pass failed; retrying in {} ms: {}", name, interval.toMillis(), e.toString());
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
