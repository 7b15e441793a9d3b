package org.qsfs.zdb.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Accumulates RESP2 replies for one client. Replies of a whole pipelined batch are
 * appended here and written to the socket in one go.
 *
 * <p>Large payloads ({@link #bulk(ByteBuffer)}) are not copied in: they wait in a queue, by
 * reference, ahead of the bytes appended after them, and go out in the same gathering write.
 */
public final class RespWriter {
    /** Payloads at least this long are worth a direct buffer of their own. */
    public static final int LARGE = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int start; // first byte not yet sent
    private int size;  // end of the bytes appended
    /** Output that goes before buf[start, size): earlier small bytes and large payloads. */
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
    private long queuedBytes;
    private final DirectBuffers buffers;

    public RespWriter(int initialCapacity) {
        this(initialCapacity, new DirectBuffers(8L << 20));
    }

    /** @param buffers where large payload buffers come from and go back to once sent */
    public RespWriter(int initialCapacity, DirectBuffers buffers) {
        buf = new byte[Math.max(64, initialCapacity)];
        this.buffers = buffers;
    }

    /** "+text" status reply. */
    public RespWriter status(String text) {
        raw((byte) '+');
        ascii(text);
        return raw(CRLF);
    }

    /** "-text" error reply, text as upstream spells it. */
    public RespWriter error(String text) {
        raw((byte) '-');
        ascii(text);
        return raw(CRLF);
    }

    public RespWriter integer(long value) {
        raw((byte) ':');
        ascii(Long.toString(value));
        return raw(CRLF);
    }

    public RespWriter nil() {
        return raw(NIL);
    }

    public RespWriter bulk(byte[] payload) {
        return bulk(payload, 0, payload.length);
    }

    public RespWriter bulk(byte[] payload, int offset, int length) {
        raw((byte) '$');
        ascii(Integer.toString(length));
        raw(CRLF);
        ensure(length + 2);
        System.arraycopy(payload, offset, buf, size, length);
        size += length;
        return raw(CRLF);
    }

    /** A buffer to read a large payload into, for {@link #bulk(ByteBuffer)} or {@link #recycle}. */
    public ByteBuffer payloadBuffer(int length) {
        return buffers.take(length);
    }

    /** Gives back a buffer from {@link #payloadBuffer} that was not used after all. */
    public void recycle(ByteBuffer b) {
        buffers.give(b);
    }

    /**
     * Bulk reply of the remaining bytes of {@code payload} (from {@link #payloadBuffer}), which
     * this writer now owns: it is sent as is and then given back for reuse.
     */
    public RespWriter bulk(ByteBuffer payload) {
        raw((byte) '$');
        ascii(Integer.toString(payload.remaining()));
        raw(CRLF);
        queued.add(ByteBuffer.wrap(Arrays.copyOfRange(buf, start, size)));
        queuedBytes += size - start;
        start = 0;
        size = 0;
        queued.add(payload);
        queuedBytes += payload.remaining();
        return raw(CRLF);
    }

    /**
     * Writes as much as {@code channel} takes now, in order, in one gathering write.
     *
     * @return the number of bytes written
     */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        ByteBuffer tail = ByteBuffer.wrap(buf, start, size - start);
        long n;
        if (queued.isEmpty()) {
            n = channel.write(tail);
        } else {
            ByteBuffer[] parts = queued.toArray(new ByteBuffer[queued.size() + 1]);
            parts[parts.length - 1] = tail;
            n = channel.write(parts);
        }
        while (!queued.isEmpty() && !queued.peekFirst().hasRemaining()) {
            buffers.give(queued.pollFirst());
        }
        long fromTail = tail.position() - start;
        queuedBytes -= n - fromTail;
        consume((int) fromTail);
        return n;
    }

    /** Drops everything unsent (the connection is gone) and gives back the payload buffers. */
    public void discard() {
        while (!queued.isEmpty()) {
            buffers.give(queued.pollFirst());
        }
        queuedBytes = 0;
        start = 0;
        size = 0;
    }

    public RespWriter bulk(String text) {
        return bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    public RespWriter arrayHeader(int count) {
        raw((byte) '*');
        ascii(Integer.toString(count));
        return raw(CRLF);
    }

    /** Bytes appended and not yet sent. */
    public long size() {
        return queuedBytes + size - start;
    }

    public boolean isEmpty() {
        return size == start && queued.isEmpty();
    }

    /**
     * The unsent small bytes, as a buffer ready to be written; only when no large payload is
     * queued (use {@link #writeTo} otherwise).
     */
    public ByteBuffer view() {
        if (!queued.isEmpty()) {
            throw new IllegalStateException("large payloads are queued: use writeTo");
        }
        return ByteBuffer.wrap(buf, start, size - start);
    }

    /**
     * Drops {@code n} bytes that were written to the socket. Only moves a cursor: shifting the
     * rest after every partial write would cost O(n^2) on a large reply to a slow reader.
     */
    public void consume(int n) {
        start += n;
        if (start >= size) {
            start = 0;
            size = 0;
        }
    }

    /** Releases a large buffer after a big reply, so idle clients stay small. */
    public void shrinkIfIdle(int keep) {
        if (isEmpty() && buf.length > keep) {
            buf = new byte[keep];
        }
    }

    /** Everything unsent, in order (tests). */
    public byte[] toByteArray() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ByteBuffer b : queued) {
            ByteBuffer d = b.duplicate();
            byte[] part = new byte[d.remaining()];
            d.get(part);
            out.writeBytes(part);
        }
        out.write(buf, start, size - start);
        return out.toByteArray();
    }

    private RespWriter raw(byte b) {
        ensure(1);
        buf[size++] = b;
        return this;
    }

    private RespWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void ensure(int extra) {
        long needed = (long) size + extra;
        if (needed > buf.length && start > 0) {
            // reclaim the sent prefix before growing
            System.arraycopy(buf, start, buf, 0, size - start);
            size -= start;
            start = 0;
            needed = (long) size + extra;
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, (long) buf.length * 2);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }
}
