package org.qsfs.engine.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dirty blocks whose cache file could not be read for an upload (an I/O error, not a file cut
 * short by a crash): each is tried again after a backoff of its own, 200 ms doubling to 5 s,
 * which an upload of other blocks does not reset (the queue's backoff is about the backends).
 * In memory: after a restart a block is simply tried again. Thread-safe.
 */
final class UnreadableBlocks {
    static final long FIRST_BACKOFF_NS = Duration.ofMillis(200).toNanos();
    static final long MAX_BACKOFF_NS = Duration.ofSeconds(5).toNanos();
    /** An entry this long past its retry time is forgotten (its block was dropped, or read since). */
    private static final long FORGET_AFTER_NS = Duration.ofMinutes(1).toNanos();

    private record Backoff(long delayNs, long retryAt) {
    }

    private final Map<Long, Backoff> blocks = new ConcurrentHashMap<>();

    /** Block {@code id} could not be read at {@code now} (wall ns): returns when to try it again. */
    long failed(long id, long now) {
        Backoff b = blocks.compute(id, (k, old) -> {
            long delay = old == null ? FIRST_BACKOFF_NS : Math.min(MAX_BACKOFF_NS, 2 * old.delayNs());
            return new Backoff(delay, now + delay);
        });
        return b.retryAt();
    }

    /** Block {@code id} was read: its next failure starts from the first backoff again. */
    void read(long id) {
        if (!blocks.isEmpty()) {
            blocks.remove(id);
        }
    }

    /** Whether some block waits for its retry at {@code now} (wall ns). */
    boolean anyWaiting(long now) {
        if (blocks.isEmpty()) {
            return false;
        }
        blocks.values().removeIf(b -> now - b.retryAt() > FORGET_AFTER_NS);
        for (Backoff b : blocks.values()) {
            if (b.retryAt() > now) {
                return true;
            }
        }
        return false;
    }
}
