package org.qsfs.engine.repair;

import java.util.concurrent.TimeUnit;

/**
 * Paces background work in two dimensions at once (operations per second and bytes per
 * second). Each {@link #acquire} is scheduled after the previous one's share of time, so the
 * first call runs at once and {@code N} calls of one unit at {@code r}/s take at least
 * {@code (N-1)/r} s. A rate of 0 means unlimited. Thread-safe.
 */
final class RateLimiter {
    private final double opsPerSecond;
    private final double bytesPerSecond;
    private long nextOpNanos;
    private long nextByteNanos;

    RateLimiter(double opsPerSecond, double bytesPerSecond) {
        if (opsPerSecond < 0 || bytesPerSecond < 0 || Double.isNaN(opsPerSecond) || Double.isNaN(bytesPerSecond)) {
            throw new IllegalArgumentException("rates cannot be negative (0 means unlimited)");
        }
        this.opsPerSecond = opsPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        long now = System.nanoTime();
        this.nextOpNanos = now;
        this.nextByteNanos = now;
    }

    boolean unlimited() {
        return opsPerSecond == 0 && bytesPerSecond == 0;
    }

    /** Waits until {@code ops} operations moving {@code bytes} bytes may go. */
    void acquire(long ops, long bytes) throws InterruptedException {
        if (unlimited()) {
            return;
        }
        long start;
        synchronized (this) {
            long now = System.nanoTime();
            // No credit for idle time beyond now: a paused scrub does not burst afterwards.
            start = now;
            if (opsPerSecond > 0) {
                nextOpNanos = Math.max(nextOpNanos, now);
                start = Math.max(start, nextOpNanos);
                nextOpNanos += (long) (ops * 1e9 / opsPerSecond);
            }
            if (bytesPerSecond > 0) {
                nextByteNanos = Math.max(nextByteNanos, now);
                start = Math.max(start, nextByteNanos);
                nextByteNanos += (long) (bytes * 1e9 / bytesPerSecond);
            }
        }
        long wait = start - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
