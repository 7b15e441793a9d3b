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
        int total = w.size();
        ByteBuffer sent = ByteBuffer.allocate(total + 100);
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
}
