package io.custodia.server.subjects;

import io.custodia.server.platform.PassLoop;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes, at start and every few hours, the flags of children whose age band has aged since it was last
 * published ({@link Subjects#publishAgedBands()}): a replica that runs for months then sees a child reach the age of
 * digital consent within hours of the day, instead of at its next restart.
 */
@Component
class AgingPass implements SmartLifecycle {
    static final Duration INTERVAL = Duration.ofHours(6);

    private final PassLoop loop;

    AgingPass(Subjects subjects) {
        // One pass does all the work: a batch no pass can fill.
        this.loop = new PassLoop("custodia-aging", INTERVAL, Integer.MAX_VALUE, subjects::publishAgedBands);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
