package org.qsfs.engine.volume;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A small big-endian writer and reader for journal entries and snapshots (no checked exceptions). */
public final class Bytes {
    private Bytes() {
    }

    /** Appends fields to a growing buffer. */
    public static final class Writer {
        private final ByteArrayOutputStream out;

        public Writer(int size) {
            out = new ByteArrayOutputStream(size);
        }

        public Writer u8(int v) {
            out.write(v);
            return this;
        }

        public Writer i32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
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
            out.write(b, 0, b.length);
            return this;
        }

        public Writer raw(byte[] b, int off, int len) {
            out.write(b, off, len);
            return this;
        }

        public int size() {
            return out.size();
        }

        public byte[] toByteArray() {
            return out.toByteArray();
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
