package org.qsfs.engine.volume;

import java.nio.ByteBuffer;

/** A small big-endian writer and reader for journal entries and snapshots (no checked exceptions). */
public final class Bytes {
    private Bytes() {
    }

    /** Appends fields to a growing buffer (not thread-safe; one per entry). */
    public static final class Writer {
        private byte[] buf;
        private int n;

        public Writer(int size) {
            buf = new byte[Math.max(16, size)];
        }

        private void room(int more) {
            if (n + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(n + more, buf.length * 2));
            }
        }

        public Writer u8(int v) {
            room(1);
            buf[n++] = (byte) v;
            return this;
        }

        public Writer i32(int v) {
            room(4);
            buf[n] = (byte) (v >>> 24);
            buf[n + 1] = (byte) (v >>> 16);
            buf[n + 2] = (byte) (v >>> 8);
            buf[n + 3] = (byte) v;
            n += 4;
            return this;
        }

        public Writer i64(long v) {
            i32((int) (v >>> 32));
            return i32((int) v);
        }

        /** A length-prefixed byte string; null is written as length -1. */
        public Writer bytes(byte[] b) {
            if (b == null) {
                return i32(-1);
            }
            i32(b.length);
            return raw(b, 0, b.length);
        }

        public Writer raw(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
            return this;
        }

        public int size() {
            return n;
        }

        public byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, n);
        }
    }

    /** Reads what {@link Writer} wrote; a short buffer throws {@link java.nio.BufferUnderflowException}. */
    public static final class Reader {
        private final ByteBuffer in;

        public Reader(byte[] b) {
            in = ByteBuffer.wrap(b);
        }

        public Reader(byte[] b, int off, int len) {
            in = ByteBuffer.wrap(b, off, len);
        }

        public int u8() {
            return in.get() & 0xFF;
        }

        public int i32() {
            return in.getInt();
        }

        public long i64() {
            return in.getLong();
        }

        public byte[] bytes() {
            int n = in.getInt();
            if (n < 0) {
                return null;
            }
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        public byte[] raw(int n) {
            byte[] b = new byte[n];
            in.get(b);
            return b;
        }

        public boolean hasMore() {
            return in.hasRemaining();
        }

        public int position() {
            return in.position();
        }
    }
}
