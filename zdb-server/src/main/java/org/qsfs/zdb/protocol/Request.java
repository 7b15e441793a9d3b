package org.qsfs.zdb.protocol;

import java.nio.ByteBuffer;

/**
 * The arguments of one parsed request. Small arguments are heap arrays; large ones (values of
 * {@link RespRequestParser#LARGE_ARGUMENT} bytes or more, when the parser has a pool) stay in
 * pooled direct buffers, so a 1 MiB SET value costs neither a fresh zeroed heap array nor the
 * JDK's copy into a temporary direct buffer when it is written to the data file. Whoever runs
 * the request must {@link #release} it once the command is done; the buffers are then reused.
 */
public final class Request {
    private final byte[][] small;
    private final ByteBuffer[] large; // null when no argument is large
    private boolean released;

    Request(byte[][] small, ByteBuffer[] large) {
        this.small = small;
        this.large = large;
    }

    /** A request of heap arguments only (tests, internal callers). */
    public static Request of(byte[]... args) {
        return new Request(args, null);
    }

    public int argc() {
        return small.length;
    }

    /** Byte length of argument {@code i}. */
    public int length(int i) {
        checkNotReleased();
        return isLarge(i) ? large[i].limit() : small[i].length;
    }

    /**
     * Argument {@code i} as an array. A large one is copied out of its buffer (once): for the
     * commands that want arrays, which never take large values in practice.
     */
    public byte[] arg(int i) {
        checkNotReleased();
        if (small[i] == null) {
            byte[] copy = new byte[large[i].limit()];
            large[i].get(0, copy);
            small[i] = copy;
        }
        return small[i];
    }

    /**
     * Argument {@code i} as a buffer from position 0 to its length, without a copy (a view of
     * the array or of the pooled buffer: not to be written to, nor kept past the command).
     */
    public ByteBuffer buffer(int i) {
        checkNotReleased();
        return isLarge(i) ? large[i].duplicate().position(0) : ByteBuffer.wrap(small[i]);
    }

    private boolean isLarge(int i) {
        return large != null && large[i] != null;
    }

    /** Gives the pooled buffers back (once); the request must not be used afterwards. */
    public void release(DirectBuffers pool) {
        if (released) {
            return;
        }
        released = true;
        if (large != null) {
            pool.giveAll(large);
        }
    }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException("the request was released: its buffers may hold another one's bytes");
        }
    }
}
