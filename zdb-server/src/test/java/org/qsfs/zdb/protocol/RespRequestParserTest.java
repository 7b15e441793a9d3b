package org.qsfs.zdb.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespRequestParserTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesOneRequest() throws Exception {
        byte[][] r = new RespRequestParser().next(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"));
        assertEquals(3, r.length);
        assertEquals("SET", str(r[0]));
        assertEquals("k", str(r[1]));
        assertEquals("value", str(r[2]));
    }

    @Test
    void parsesPipelinedRequestsOneByteAtATime() throws Exception {
        String frame = "*2\r\n$3\r\nGET\r\n$3\r\nabc\r\n*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$0\r\n\r\n";
        RespRequestParser p = new RespRequestParser();
        List<byte[][]> got = new ArrayList<>();
        for (byte b : frame.getBytes(StandardCharsets.ISO_8859_1)) {
            ByteBuffer one = ByteBuffer.wrap(new byte[] {b});
            byte[][] r = p.next(one);
            if (r != null) {
                got.add(r);
            }
        }
        assertEquals(3, got.size());
        assertEquals("abc", str(got.get(0)[1]));
        assertEquals("PING", str(got.get(1)[0]));
        assertEquals(0, got.get(2)[1].length);
    }

    @Test
    void binaryPayloadWithCrLfInside() throws Exception {
        byte[] payload = {0, '\r', '\n', (byte) 0xff, '*', '$'};
        ByteBuffer in = ByteBuffer.allocate(64);
        in.put("*1\r\n$6\r\n".getBytes(StandardCharsets.US_ASCII)).put(payload).put("\r\n".getBytes(StandardCharsets.US_ASCII));
        in.flip();
        assertArrayEquals(payload, new RespRequestParser().next(in)[0]);
    }

    @Test
    void incompleteFrameWaitsForMore() throws Exception {
        RespRequestParser p = new RespRequestParser();
        assertNull(p.next(bytes("*2\r\n$3\r\nGET\r\n$3\r\nab")));
        byte[][] r = p.next(bytes("c\r\n"));
        assertEquals("abc", str(r[1]));
    }

    @Test
    void rejectsWithUpstreamMessages() {
        assertEquals("Malformed request, array expected",
                assertThrows(RespProtocolException.class, () -> new RespRequestParser().next(bytes("GET x\r\n"))).getMessage());
        assertEquals("Missing arguments",
                assertThrows(RespProtocolException.class, () -> new RespRequestParser().next(bytes("*0\r\n"))).getMessage());
        assertEquals("Too many arguments",
                assertThrows(RespProtocolException.class, () -> new RespRequestParser().next(bytes("*1025\r\n"))).getMessage());
        assertEquals("Malformed query string",
                assertThrows(RespProtocolException.class, () -> new RespRequestParser().next(bytes("*1\r\n:12\r\n"))).getMessage());
        assertEquals("Payload too big",
                assertThrows(RespProtocolException.class,
                        () -> new RespRequestParser().next(bytes("*1\r\n$" + (8 * 1024 * 1024 + 1) + "\r\n"))).getMessage());
        assertEquals("Payload too big",
                assertThrows(RespProtocolException.class,
                        () -> new RespRequestParser().next(bytes("*1\r\n$99999999999999999999\r\n"))).getMessage());
        assertEquals("Malformed query string",
                assertThrows(RespProtocolException.class, () -> new RespRequestParser().next(bytes("*1\r\n$-5\r\n"))).getMessage());
        assertEquals("Malformed query string",
                assertThrows(RespProtocolException.class, () -> new RespRequestParser().next(bytes("*1\r\n$2\r\nabXY"))).getMessage());
    }

    @Test
    void totalRequestSizeIsBounded() throws Exception {
        RespRequestParser p = new RespRequestParser();
        StringBuilder sb = new StringBuilder("*1000\r\n");
        ByteBuffer header = bytes(sb.toString());
        p.next(header);
        // eight 8 MiB arguments are 64 MiB: the ninth header is refused before any allocation
        byte[] eightMiB = new byte[8 * 1024 * 1024];
        for (int i = 0; i < 8; i++) {
            ByteBuffer b = ByteBuffer.allocate(eightMiB.length + 32);
            b.put(("$" + eightMiB.length + "\r\n").getBytes(StandardCharsets.US_ASCII)).put(eightMiB).put((byte) '\r').put((byte) '\n');
            b.flip();
            assertNull(p.next(b));
        }
        assertThrows(RespProtocolException.class, () -> p.next(bytes("$1\r\n")));
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            if (r.nextBoolean() && junk.length > 0) {
                junk[0] = '*';
            }
            try {
                new RespRequestParser().next(ByteBuffer.wrap(junk));
            } catch (RespProtocolException expected) {
                // fine: a clean protocol error
            }
        }
    }
}
