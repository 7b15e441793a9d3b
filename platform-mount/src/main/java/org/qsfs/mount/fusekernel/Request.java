package org.qsfs.mount.fusekernel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One request read from /dev/fuse, decoded in place: the 40-byte {@code fuse_in_header} and
 * accessors for the op's struct and NUL-terminated names that follow it. Each worker thread
 * owns one and reuses it for every request (no allocation per request but the names).
 */
final class Request {
    private final ByteBuffer buf;
    /** Scratch array for READs of {@code .snapshots/} (which take byte[]), made at the first such READ. */
    private byte[] data;
    private final int dataSize;
    private int length;
    /** Where the request starts in the buffer: 0 from /dev/fuse, further in when put together from a ring entry. */
    private int base;

    Request(int bufferSize) {
        this(NativeBuffers.allocate(bufferSize), bufferSize);
    }

    /** For tests: decode a request held in {@code buf} (native order). */
    Request(ByteBuffer buf, int dataSize) {
        this.buf = buf;
        this.dataSize = dataSize;
    }

    /** The scratch array for READs of {@code .snapshots/} ({@code dataSize} bytes). */
    byte[] data() {
        if (data == null) {
            data = new byte[dataSize];
        }
        return data;
    }

    ByteBuffer buffer() {
        return buf;
    }

    /** Marks {@code n} bytes (one whole request) as read into the buffer. */
    void received(int n) {
        received(0, n);
    }

    /** Marks {@code n} bytes from {@code start} (one whole request) as the request. */
    void received(int start, int n) {
        base = start;
        length = n;
    }

    int length() {
        return length;
    }

    int opcode() {
        return buf.getInt(base + FuseKernelAbi.H_OPCODE);
    }

    long unique() {
        return buf.getLong(base + FuseKernelAbi.H_UNIQUE);
    }

    long nodeId() {
        return buf.getLong(base + FuseKernelAbi.H_NODEID);
    }

    int uid() {
        return buf.getInt(base + FuseKernelAbi.H_UID);
    }

    int gid() {
        return buf.getInt(base + FuseKernelAbi.H_GID);
    }

    int pid() {
        return buf.getInt(base + FuseKernelAbi.H_PID);
    }

    /** An unsigned 32-bit field at {@code off} bytes into the op's struct. */
    int u32(int off) {
        return buf.getInt(base + FuseKernelAbi.IN_HEADER + off);
    }

    long u64(int off) {
        return buf.getLong(base + FuseKernelAbi.IN_HEADER + off);
    }

    /** Bytes of the body left after {@code off}. */
    int bodyLength() {
        return length - FuseKernelAbi.IN_HEADER;
    }

    /** The NUL-terminated name starting {@code off} bytes into the body, without the NUL. */
    byte[] name(int off) {
        int start = base + FuseKernelAbi.IN_HEADER + off;
        int end = nulFrom(start);
        byte[] b = new byte[end - start];
        buf.get(start, b);
        return b;
    }

    /** The offset (into the body) just after the NUL-terminated name at {@code off}. */
    int after(int off) {
        return nulFrom(base + FuseKernelAbi.IN_HEADER + off) + 1 - FuseKernelAbi.IN_HEADER - base;
    }

    /** Where the NUL ending the name at buffer index {@code start} is (or the request's end). */
    private int nulFrom(int start) {
        int p = start;
        while (p < base + length && buf.get(p) != 0) {
            p++;
        }
        return p;
    }

    String string(int off) {
        return new String(name(off), StandardCharsets.UTF_8);
    }

    /**
     * A view of {@code len} body bytes from {@code off} (WRITE payload), not a copy: the engine
     * writes it from this direct buffer to its cache file. Valid until the next request is read.
     */
    ByteBuffer slice(int off, int len) {
        return buf.slice(base + FuseKernelAbi.IN_HEADER + off, len);
    }

    /** A copy of {@code len} body bytes from {@code off}. */
    byte[] bytes(int off, int len) {
        byte[] b = new byte[len];
        buf.get(base + FuseKernelAbi.IN_HEADER + off, b);
        return b;
    }

    @Override
    public String toString() {
        return FuseKernelAbi.opName(opcode()) + "#" + unique() + "(node " + nodeId() + ")";
    }
}
