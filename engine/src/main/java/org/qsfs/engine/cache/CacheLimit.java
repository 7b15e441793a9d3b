package org.qsfs.engine.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cache's byte budget: {@code used} counts the plaintext bytes of cached blocks,
 * {@code reserved} what operations in progress may still add. An operation reserves its
 * worst case first, so the cache never holds more than its limit; when the budget is
 * spent, {@link #reserve} first asks for eviction and then waits (backpressure) for
 * uploads to make blocks evictable.
 */
public final class CacheLimit {
    /** Frees space: evicts clean blocks; returns the bytes freed. */
    public interface Evictor {
        long evict(long wanted) throws Exception;
    }

    private final long limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long used;
    private long reserved;
    private long peak;
    private volatile int waiters;

    public CacheLimit(long limit) {
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Reserves {@code bytes}, evicting or waiting as needed. Never call with the volume lock held. */
    public void reserve(long bytes, Evictor evictor, Runnable pressure) throws InterruptedException {
        bytes = Math.min(bytes, limit); // a single operation larger than the cache proceeds alone
        while (true) {
            lock.lock();
            try {
                if (used + reserved + bytes <= limit) {
                    reserved += bytes;
                    return;
                }
            } finally {
                lock.unlock();
            }
            long want = bytes - (limit - used() - reserved());
            long freed;
            try {
                freed = evictor.evict(Math.max(want, 0));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                freed = 0;
            }
            if (freed > 0) {
                continue;
            }
            pressure.run();
            lock.lock();
            try {
                if (used + reserved + bytes > limit) {
                    waiters++;
                    try {
                        changed.await(200, TimeUnit.MILLISECONDS);
                    } finally {
                        waiters--;
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Ends a reservation (what the operation really added was charged with {@link #charge}). */
    public void unreserve(long bytes) {
        bytes = Math.min(bytes, limit);
        lock.lock();
        try {
            reserved -= bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Cached bytes grew (positive) or shrank (negative). */
    public void charge(long delta) {
        lock.lock();
        try {
            used += delta;
            peak = Math.max(peak, used);
            if (delta < 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiters (a block became safe: evictable). */
    public void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void setUsed(long bytes) {
        lock.lock();
        try {
            used = bytes;
            peak = bytes;
        } finally {
            lock.unlock();
        }
    }

    public long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    long reserved() {
        lock.lock();
        try {
            return reserved;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes the cache ever held since open. */
    public long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    /** Whether writers are waiting for space (the upload queue then skips its settle delay). */
    public boolean underPressure() {
        return waiters > 0;
    }
}
