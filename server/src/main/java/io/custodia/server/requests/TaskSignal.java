package io.custodia.server.requests;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes idle workers when new work was committed, so that a task starts at once rather than at the next poll. Workers
 * poll anyway, which covers retries that come due and work committed by another server instance. Thread-safe.
 */
@Component
class TaskSignal {
    private final Semaphore permits = new Semaphore(0);

    /** Wakes a worker once the caller's transaction commits, or now when there is none. */
    void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
        } else {
            wake();
        }
    }

    void wake() {
        permits.release();
    }

    /** Waits until woken or the time is over; answers at once when a wake is pending. */
    void await(long millis) throws InterruptedException {
        if (permits.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }
}
