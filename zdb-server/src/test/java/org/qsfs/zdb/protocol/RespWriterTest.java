package org.qsfs.zdb.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespWriterTest {
    private static String drain(RespWriter w) {
        return new String(w.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesEveryReplyType() {
        RespWriter w = new RespWriter(8);
        w.status("OK").error("Key not found").integer(-42).nil().bulk("abc").arrayHeader(2);
        assertEquals("+OK\r\n-Key not found\r\n:-42\r\n$-1\r\n$3\r\nabc\r\n*2\r\n", drain(w));
    }

    @Test
    void partialWritesKeepOrderAndReclaimSpace() {
        RespWriter w = new RespWriter(64);
        byte[] big = new byte[10_000];
        java.util.Arrays.fill(big, (byte) 'x');
        w.bulk(big);
        long total = w.size();
        ByteBuffer sent = ByteBuffer.allocate((int) total + 100);
        // the socket takes 7 bytes at a time while more replies are appended
        int appended = 0;
        while (!w.isEmpty()) {
            ByteBuffer v = w.view();
            int n = Math.min(7, v.remaining());
            sent.put(v.array(), v.arrayOffset() + v.position(), n);
            w.consume(n);
            if (appended < 3 && w.size() < total / 2) {
                w.status("N" + appended++);
            }
        }
        String s = new String(sent.array(), 0, sent.position(), StandardCharsets.ISO_8859_1);
        assertTrue(s.startsWith("$10000\r\nxxx"));
        assertTrue(s.endsWith("\r\n+N0\r\n+N1\r\n+N2\r\n"), s.substring(s.length() - 30));
        assertEquals(0, w.size());
    }

    /** A socket that takes at most {@code chunk} bytes per write. */
    private static final class TrickleChannel implements java.nio.channels.GatheringByteChannel {
        final java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        final int chunk;

        TrickleChannel(int chunk) {
            this.chunk = chunk;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length && n < chunk; i++) {
                n += write(srcs[i], (int) (chunk - n));
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return write(src, chunk);
        }

        private int write(ByteBuffer src, int max) {
            int n = Math.min(max, src.remaining());
            for (int i = 0; i < n; i++) {
                got.write(src.get());
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void largePayloadsGoOutInOrderWithoutBeingCopiedIn() throws Exception {
        DirectBuffers pool = new DirectBuffers(1 << 20);
        RespWriter w = new RespWriter(64, pool);
        ByteBuffer first = w.payloadBuffer(100_000);
        while (first.hasRemaining()) {
            first.put((byte) 'a');
        }
        ByteBuffer second = w.payloadBuffer(70_000);
        while (second.hasRemaining()) {
            second.put((byte) 'b');
        }
        w.status("OK").bulk(first.flip()).integer(7).bulk(second.flip()).status("END");
        long total = w.size();
        String expected = "+OK\r\n$100000\r\n" + "a".repeat(100_000) + "\r\n:7\r\n$70000\r\n" + "b".repeat(70_000)
                + "\r\n+END\r\n";
        assertEquals(expected.length(), total);
        assertEquals(expected, drain(w)); // toByteArray does not consume

        TrickleChannel socket = new TrickleChannel(4_093);
        long sent = 0;
        boolean late = false;
        while (!w.isEmpty()) {
            sent += w.writeTo(socket);
            assertEquals(total - sent, w.size());
            if (!late && sent > 150_000) {
                w.status("LATE"); // appended while a payload is still going out: after everything
                late = true;
                total += "+LATE\r\n".length();
            }
        }
        assertEquals(expected + "+LATE\r\n", socket.got.toString(StandardCharsets.ISO_8859_1));
        assertEquals(first.capacity() + second.capacity(), pool.idleBytes()); // both given back
        ByteBuffer again = w.payloadBuffer(90_000);
        assertTrue(again == first || again == second, "a sent buffer is reused");
    }

    @Test
    void discardGivesBackQueuedPayloads() {
        DirectBuffers pool = new DirectBuffers(1 << 20);
        RespWriter w = new RespWriter(64, pool);
        ByteBuffer b = w.payloadBuffer(65_536);
        b.position(b.limit());
        w.bulk(b.flip());
        w.discard();
        assertTrue(w.isEmpty());
        assertEquals(0, w.size());
        assertEquals(b.capacity(), pool.idleBytes());
    }
}
