package org.qsfs.engine.cache;

/**
 * Whether the drive is busy serving its user: a call within the last {@code quiet}. Uploads of
 * settled blocks wait while it is ({@link UploadQueue#deferWhileBusy}): on a two-core machine the
 * codec and the shard writes took the CPU that an unzip, an {@code ls -lR} or an {@code rm -rf}
 * of a source tree was waiting for, and sent a moment later they cost the user nothing.
 *
 * <p>Lock-free. The time is written at most once a millisecond, so the calls of a busy drive,
 * made on several threads, do not all write the same cache line.
 */
public final class BusyDrive {
    private static final long WRITE_EVERY_NS = 1_000_000L;
    private final long quietNs;
    private volatile long lastCallNs;

    /** @param quietNs how long after its last call the drive counts as busy */
    public BusyDrive(long quietNs) {
        this.quietNs = quietNs;
        this.lastCallNs = System.nanoTime() - quietNs - 1;
    }

    /** The drive served one of its user's calls now. */
    public void served() {
        long now = System.nanoTime();
        if (now - lastCallNs > WRITE_EVERY_NS) {
            lastCallNs = now;
        }
    }

    /** True when the drive served a call within the last {@code quiet} before {@code nowNs}. */
    public boolean busy(long nowNs) {
        return nowNs - lastCallNs < quietNs;
    }
}
