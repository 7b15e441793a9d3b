package org.qsfs.zdb.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Accumulates RESP2 replies for one client. Replies of a whole pipelined batch are
 * appended here and written to the socket in one go.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int start; // first byte not yet sent
    private int size;  // end of the bytes appended

    public RespWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
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

    public RespWriter bulk(String text) {
        return bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    public RespWriter arrayHeader(int count) {
        raw((byte) '*');
        ascii(Integer.toString(count));
        return raw(CRLF);
    }

    /** Bytes appended and not yet sent. */
    public int size() {
        return size - start;
    }

    public boolean isEmpty() {
        return size == start;
    }

    /** The unsent bytes, as a buffer ready to be written. */
    public ByteBuffer view() {
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

    public byte[] toByteArray() {
        return Arrays.copyOfRange(buf, start, size);
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
