package org.qsfs.engine.zdb;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code max} connections to one backend, idle ones kept for reuse (most recently
 * used first). A permit is held for every connection in use or being opened; idle connections
 * hold none. Broken connections are closed, never put back.
 */
final class ConnectionPool {
    /** An idle connection older than this is checked for EOF before it is reused. */
    static final long CHECK_AFTER_IDLE_NANOS = 1_000_000_000L;
    private final int max;
    private final long idleTimeoutNanos;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<ZdbConnection> idle = new ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    ConnectionPool(int max, long idleTimeoutNanos) {
        this.max = max;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.permits = new Semaphore(max);
    }

    int max() {
        return max;
    }

    /**
     * Takes a permit, waiting until {@code deadlineNanos} at most.
     *
     * @return false when no connection became free in time
     */
    boolean takePermit(long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        return permits.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS);
    }

    void returnPermit() {
        permits.release();
    }

    /** An idle connection that is still usable, or null (the caller then opens one). Needs a permit. */
    ZdbConnection pollIdle() {
        ZdbConnection c;
        while ((c = idle.pollFirst()) != null) {
            long idleFor = System.nanoTime() - c.idleSinceNanos;
            if (!c.broken() && idleFor < idleTimeoutNanos
                    && (idleFor < CHECK_AFTER_IDLE_NANOS || c.stillOpen())) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Gives back a connection and its permit; broken ones are closed. */
    void release(ZdbConnection c) {
        try {
            if (c.broken() || closed) {
                c.close();
            } else {
                c.reused = true;
                c.idleSinceNanos = System.nanoTime();
                idle.offerFirst(c);
                if (closed) { // raced with close()
                    evictIdle();
                }
            }
        } finally {
            permits.release();
        }
    }

    /** Closes every idle connection: after a failure they are likely stale too. */
    void evictIdle() {
        ZdbConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    /** Counts {@code c} as open until it is closed. */
    void track(ZdbConnection c) {
        open.incrementAndGet();
        c.onClose = open::decrementAndGet;
    }

    /** Connections open now, idle or in use. */
    int openCount() {
        return open.get();
    }

    int idleCount() {
        return idle.size();
    }

    int inUse() {
        return max - permits.availablePermits();
    }

    boolean closed() {
        return closed;
    }

    void close() {
        closed = true;
        evictIdle();
    }
}
