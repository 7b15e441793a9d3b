package org.qsfs.mount.fusekernel;

import java.nio.ByteBuffer;

/**
 * The reply being built for one request: a direct buffer holding the 16-byte
 * {@code fuse_out_header} and the payload after it, sent with one write(2). Each worker
 * thread owns one.
 */
final class Reply {
    private final ByteBuffer buf;
    private boolean none;

    Reply(int bufferSize) {
        this(NativeBuffers.allocate(bufferSize));
    }

    /** A reply built in {@code buf} (native order): tests, and a ring entry's READ replies. */
    Reply(ByteBuffer buf) {
        this.buf = buf;
    }

    ByteBuffer buffer() {
        return buf;
    }

    /** Starts an empty successful reply. */
    void reset() {
        buf.clear();
        buf.position(FuseKernelAbi.OUT_HEADER);
        none = false;
    }

    /** FORGET and BATCH_FORGET get no reply at all. */
    void noReply() {
        none = true;
    }

    boolean isNone() {
        return none;
    }

    /** Room left for payload. */
    int room() {
        return buf.capacity() - buf.position();
    }

    int payloadLength() {
        return buf.position() - FuseKernelAbi.OUT_HEADER;
    }

    Reply u32(int v) {
        buf.putInt(v);
        return this;
    }

    Reply u64(long v) {
        buf.putLong(v);
        return this;
    }

    Reply u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    Reply bytes(byte[] b, int off, int len) {
        buf.put(b, off, len);
        return this;
    }

    /**
     * The next {@code len} bytes of payload room, for a caller to fill in place (a READ's data
     * read straight into the reply); {@link #skip} then takes what it put there.
     */
    ByteBuffer room(int len) {
        return buf.slice(buf.position(), len);
    }

    /** Takes {@code n} bytes filled through {@link #room} into the payload. */
    Reply skip(int n) {
        buf.position(buf.position() + n);
        return this;
    }

    Reply zeros(int n) {
        for (int i = 0; i < n; i++) {
            buf.put((byte) 0);
        }
        return this;
    }

    /** Pads the payload to a multiple of 8 bytes (dirent records). */
    Reply pad8() {
        int p = buf.position() - FuseKernelAbi.OUT_HEADER;
        return zeros(FuseKernelAbi.align8(p) - p);
    }

    /** Fills in the header of a successful reply; returns the bytes to write. */
    int finish(long unique) {
        int len = buf.position();
        buf.putInt(0, len).putInt(4, 0).putLong(8, unique);
        return len;
    }

    /** Replaces whatever was built by an error reply ({@code errno} positive); returns the bytes to write. */
    int error(long unique, int errno) {
        buf.clear();
        buf.putInt(0, FuseKernelAbi.OUT_HEADER).putInt(4, -errno).putLong(8, unique);
        buf.position(FuseKernelAbi.OUT_HEADER);
        return FuseKernelAbi.OUT_HEADER;
    }
}
