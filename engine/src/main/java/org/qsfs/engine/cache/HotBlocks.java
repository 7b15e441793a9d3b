package org.qsfs.engine.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which file positions (inode, block index) are rewritten soon after their block was sent,
 * and how long the next copy of such a block is held back from the upload queue.
 *
 * <p>A write into a block that is being uploaded or is safe copies it to a new dirty block
 * (what is on the backends never changes). Without a hold, a block written every few
 * seconds is copied, settles, is encoded and sent, and is copied again by the next write:
 * a random-write workload spent most of its CPU re-encoding the same blocks. Here each such
 * copy of a position within a short window of the previous one raises the position's level,
 * and a new copy is held for {@code settle * 4^level} (8 s, 32 s, 128 s with the default
 * 2 s settle, at most {@link #MAX_HOLD_NS}); a position left alone for longer than its window
 * starts again at level 0 (no hold beyond the settle time). The hold is a "not before"
 * time of the block row: the upload queue ignores it under cache pressure and for a durable
 * fsync or a drain, so dirty data never pins the cache and fsync semantics do not change.
 *
 * <p>In memory only (a restart forgets the levels; holds already given stay in the rows).
 * Bounded: the least recently copied positions are forgotten beyond {@link #MAX_POSITIONS}.
 * Thread-safe.
 */
public final class HotBlocks {
    /** The longest a hot block is held before it may be sent (a "while it is hot" bound). */
    public static final long MAX_HOLD_NS = 300_000_000_000L;
    static final int MAX_POSITIONS = 65_536;
    private static final long GRACE_NS = 30_000_000_000L;

    private final long settleNs;
    private final Map<Key, long[]> heat = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, long[]> e) {
            return size() > MAX_POSITIONS;
        }
    };

    private record Key(long ino, long idx) {
    }

    /** @param settleNs the upload queue's settle time (the level-0 delay) */
    public HotBlocks(long settleNs) {
        this.settleNs = Math.max(settleNs, 1_000_000L);
    }

    /**
     * A write at {@code nowNs} copies the block at {@code (ino, idx)} because it was being sent
     * or was safe. Returns the hold of the new copy in ns (0: only the settle time).
     */
    public synchronized long copied(long ino, long idx, long nowNs) {
        Key k = new Key(ino, idx);
        long[] h = heat.get(k); // {level, time of the last copy, hold given then}
        int level = 0;
        if (h != null && nowNs - h[1] <= window(h[2])) {
            level = (int) Math.min(h[0] + 1, 16);
        }
        long hold = hold(level);
        if (h == null) {
            heat.put(k, new long[] {level, nowNs, hold});
        } else {
            h[0] = level;
            h[1] = nowNs;
            h[2] = hold;
        }
        return hold;
    }

    /** The hold of a copy at {@code level}: 0, then settle * 4^level, at most {@link #MAX_HOLD_NS}. */
    long hold(int level) {
        if (level == 0) {
            return 0;
        }
        long h = settleNs;
        for (int i = 0; i < level && h < MAX_HOLD_NS; i++) {
            h *= 4;
        }
        return Math.min(h, MAX_HOLD_NS);
    }

    /** How soon after a copy with this hold the next copy counts as "soon after the upload". */
    private long window(long hold) {
        return 2 * (hold + settleNs) + GRACE_NS;
    }

    /** The level of a position (tests). */
    synchronized int level(long ino, long idx) {
        long[] h = heat.get(new Key(ino, idx));
        return h == null ? -1 : (int) h[0];
    }
}
