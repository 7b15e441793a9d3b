package org.qsfs.engine.store;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.qsfs.engine.codec.ShardArrays;

/**
 * The shard arrays of blocks whose writes are over, lent to the encoding of the next blocks:
 * otherwise each 4 MiB block costs k+m fresh arrays (6 MiB for 4+2) that the JVM zeroes only for
 * the encoder to overwrite them. Hands out only sets of the exact count and length asked for (the
 * writer stores whole arrays), and keeps at most {@code maxIdleBytes} idle, the newest first:
 * when the shard size changes (compressed blocks) older sets are let go. A set that is not given
 * back (a write still running when its block was given up on, an error) is simply left to the
 * collector, so losing one never starves anybody. Thread-safe.
 */
final class ShardArrayPool implements ShardArrays {
    private final long maxIdleBytes;
    private final ArrayDeque<byte[][]> idle = new ArrayDeque<>();
    private long idleBytes;

    ShardArrayPool(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    @Override
    public synchronized byte[][] take(int count, int length) {
        for (Iterator<byte[][]> it = idle.descendingIterator(); it.hasNext(); ) {
            byte[][] set = it.next();
            if (set.length == count && set[0].length == length) {
                it.remove();
                idleBytes -= bytes(set);
                return set;
            }
        }
        return new byte[count][length];
    }

    /**
     * Takes back a set from {@link #take} that nothing reads or writes any more: its next user
     * overwrites it.
     */
    synchronized void give(byte[][] set) {
        long size = bytes(set);
        if (size > maxIdleBytes || idle.stream().anyMatch(s -> s == set)) {
            return; // too large to keep, or given back twice (lending it twice would mix two blocks)
        }
        while (idleBytes + size > maxIdleBytes) {
            idleBytes -= bytes(idle.removeFirst()); // the oldest: the likeliest to be of a stale size
        }
        idle.addLast(set);
        idleBytes += size;
    }

    synchronized long idleBytes() {
        return idleBytes;
    }

    private static long bytes(byte[][] set) {
        return (long) set.length * set[0].length;
    }
}
