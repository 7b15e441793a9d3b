package org.qsfs.zdb.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct buffers for large reply payloads, reused: the file is read straight into one and the
 * socket written straight from it, so a 1 MiB GET costs no copy through the Java heap. Not
 * thread-safe: one per event loop, which owns every connection of a server.
 */
public final class DirectBuffers {
    /** Buffers are sized in steps of this, so shards of similar length share them. */
    private static final int STEP = 64 * 1024;
    /**
     * Buffers start on a page: with SET values written to the data file straight from them, the
     * kernel's copy into the page cache took 2-3x longer in about one bench run in three at
     * malloc's arbitrary alignment (1 in 13 page-aligned). The data store now writes large values
     * through a staging buffer (FileIO.writeStaged) that avoids the slow copy either way; GET
     * payloads are still read from the file straight into these buffers.
     */
    private static final int PAGE = 4096;
    /** Idle buffers kept at most (bytes); beyond that they are left to the collector. */
    private final long keepBytes;
    private final List<ByteBuffer> idle = new ArrayList<>();
    private long idleBytes;

    public DirectBuffers(long keepBytes) {
        this.keepBytes = keepBytes;
    }

    /** A buffer with position 0 and limit {@code length}; its capacity may be larger. */
    public ByteBuffer take(int length) {
        int best = -1;
        for (int i = 0; i < idle.size(); i++) {
            int cap = idle.get(i).capacity();
            if (cap >= length && (best < 0 || cap < idle.get(best).capacity())) {
                best = i;
            }
        }
        ByteBuffer b;
        if (best >= 0) {
            b = idle.remove(best);
            idleBytes -= b.capacity();
        } else {
            int capacity = (int) Math.min(Integer.MAX_VALUE - PAGE, ((long) length + STEP - 1) / STEP * STEP);
            b = ByteBuffer.allocateDirect(capacity + PAGE).alignedSlice(PAGE);
        }
        b.clear().limit(length);
        return b;
    }

    /** Gives back every buffer of {@code bufs} (null slots skipped) and clears their slots. */
    public void giveAll(ByteBuffer[] bufs) {
        for (int i = 0; i < bufs.length; i++) {
            if (bufs[i] != null) {
                give(bufs[i]);
                bufs[i] = null;
            }
        }
    }

    /** Gives back a buffer from {@link #take}; it must no longer be used. */
    public void give(ByteBuffer b) {
        if (!b.isDirect()) {
            return;
        }
        if (idleBytes + b.capacity() > keepBytes) {
            return; // enough kept; the collector frees this one
        }
        idle.add(b);
        idleBytes += b.capacity();
    }

    long idleBytes() {
        return idleBytes;
    }
}
