package io.custodia.server.requests;

import io.custodia.server.platform.PassLoop;
import io.custodia.server.privacy.PrivacyCenter;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The requests' housekeeping, at start and every few minutes: deletes expired packages ({@link
 * Packages#purgeExpired}) and closes requests received by e-mail whose code can no longer be used ({@link
 * RequestStore#refuseUnverified}), so that they neither sit in the SLA view nor hold the customer's open slot.
 */
@Component
class HousekeepingPass implements SmartLifecycle {
    static final Duration INTERVAL = Duration.ofMinutes(5);

    private final PassLoop loop;

    HousekeepingPass(Packages packages, RequestStore store, Clock clock) {
        // One pass does all the work: a batch no pass can fill.
        this.loop = new PassLoop("custodia-request-housekeeping", INTERVAL, Integer.MAX_VALUE, () -> {
            int deleted = packages.purgeExpired(clock.instant());
            int refused = store.refuseUnverified(clock.instant().minus(PrivacyCenter.CODE_VALIDITY));
            return deleted + refused;
        });
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
