package io.custodia.server.requests;

import io.custodia.server.platform.PassLoop;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Deletes expired request packages at start and every hour ({@link Packages#purgeExpired}). */
@Component
class PackagePurgePass implements SmartLifecycle {
    static final Duration INTERVAL = Duration.ofHours(1);

    private final PassLoop loop;

    PackagePurgePass(Packages packages, Clock clock) {
        // One pass deletes every expired package: a batch no pass can fill.
        this.loop = new PassLoop(
                "custodia-request-packages", INTERVAL, Integer.MAX_VALUE, () -> packages.purgeExpired(clock.instant()));
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
