package org.qsfs.engine.zdb;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Up/down state of one backend with exponential backoff and jitter. After a transport failure
 * the backend is down for a while (initial, doubling up to max, each randomised to 50..100 %)
 * and calls fail at once instead of each waiting for a connect timeout. When the pause is over
 * one call probes the backend while the others keep failing fast; any success resets it all.
 */
final class HealthTracker {
    private static final Logger log = LoggerFactory.getLogger(HealthTracker.class);

    private final BackendAddress address;
    private final long initialNanos;
    private final long maxNanos;

    private volatile int failures;
    private long downUntil;
    private long lastFailureAt;
    private boolean probing;
    private String lastError;

    HealthTracker(BackendAddress address, Duration initial, Duration max) {
        this.address = address;
        this.initialNanos = Math.max(0, initial.toNanos());
        this.maxNanos = Math.max(initialNanos, max.toNanos());
    }

    /**
     * Lets the call go ahead, or throws when the backend is down.
     *
     * @return true when this call is the probe after a pause (it must end with {@link #endProbe})
     */
    boolean admit() throws ZdbUnavailableException {
        if (failures == 0) {
            return false; // the common case, without taking the lock
        }
        synchronized (this) {
            return admitWhileDown();
        }
    }

    private boolean admitWhileDown() throws ZdbUnavailableException {
        if (failures == 0) {
            return false;
        }
        long now = System.nanoTime();
        long left = downUntil - now;
        if (left > 0 || probing) {
            String when = left > 0 ? "retrying in " + ZdbErrors.seconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))
                    : "a retry is under way";
            throw new ZdbUnavailableException(address, "backend down after " + failures + " failed attempt"
                    + (failures == 1 ? "" : "s") + ", " + when + " (last error: " + lastError + ")", null);
        }
        probing = true;
        return true;
    }

    synchronized void endProbe() {
        probing = false;
    }

    /** Started at {@code attemptStart}, a call got through: the backend is up. */
    void success() {
        if (failures == 0) {
            return; // the common case, without taking the lock
        }
        synchronized (this) {
            if (failures > 0) {
                log.info("backend {} is reachable again after {} failed attempt(s)", address, failures);
            }
            failures = 0;
            downUntil = 0;
            lastError = null;
            probing = false;
        }
    }

    /** A call started at {@code attemptStart} (nanoTime) failed on transport. */
    synchronized void failure(ZdbException e, long attemptStart) {
        long now = System.nanoTime();
        String message = e.getMessage();
        if (failures > 0 && attemptStart - lastFailureAt < 0) {
            // began before the last failure was noted: the same outage, do not escalate
            lastError = message;
            return;
        }
        failures++;
        lastError = message;
        lastFailureAt = now;
        long delay = initialNanos;
        for (int i = 1; i < failures && delay < maxNanos; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxNanos);
        delay = (long) (delay * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
        downUntil = now + delay;
        probing = false;
        if (failures == 1) {
            log.warn("backend {} is down: {}; retrying in {}", address, message,
                    ZdbErrors.seconds(TimeUnit.NANOSECONDS.toMillis(delay)));
        } else {
            log.debug("backend {} still down ({} failures): {}; retrying in {} ms", address, failures, message,
                    TimeUnit.NANOSECONDS.toMillis(delay));
        }
    }

    synchronized BackendHealth snapshot() {
        long left = failures == 0 ? 0 : Math.max(0, downUntil - System.nanoTime());
        return new BackendHealth(failures == 0, failures, Duration.ofNanos(left), lastError);
    }
}
