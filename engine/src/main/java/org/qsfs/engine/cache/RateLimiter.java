package org.qsfs.engine.cache;

/** A token bucket over bytes per second (0 = unlimited), shared by the upload workers. */
public final class RateLimiter {
    private volatile long bytesPerSecond;
    private double tokens;
    private long last = System.nanoTime();

    public RateLimiter(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    public void setRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    public long rate() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} may be sent. */
    public void acquire(long bytes) throws InterruptedException {
        while (true) {
            long rate = bytesPerSecond;
            if (rate <= 0) {
                return;
            }
            long waitNs;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate); // at most one second of burst
                last = now;
                if (tokens >= Math.min(bytes, rate)) {
                    tokens -= bytes;
                    return;
                }
                waitNs = (long) ((Math.min(bytes, rate) - tokens) / rate * 1e9);
            }
            Thread.sleep(Math.max(1, waitNs / 1_000_000));
        }
    }
}
