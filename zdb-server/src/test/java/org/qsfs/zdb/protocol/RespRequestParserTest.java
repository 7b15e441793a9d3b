package org.qsfs.zdb.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Request r = new RespRequestParser().next(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"));
        assertEquals(3, r.argc());
        assertEquals("SET", str(r.arg(0)));
        assertEquals("k", str(r.arg(1)));
        assertEquals("value", str(r.arg(2)));
    }

    @Test
    void parsesPipelinedRequestsOneByteAtATime() throws Exception {
        String frame = "*2\r\n$3\r\nGET\r\n$3\r\nabc\r\n*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$0\r\n\r\n";
        RespRequestParser p = new RespRequestParser();
        List<Request> got = new ArrayList<>();
        for (byte b : frame.getBytes(StandardCharsets.ISO_8859_1)) {
            ByteBuffer one = ByteBuffer.wrap(new byte[] {b});
            Request r = p.next(one);
            if (r != null) {
                got.add(r);
            }
        }
        assertEquals(3, got.size());
        assertEquals("abc", str(got.get(0).arg(1)));
        assertEquals("PING", str(got.get(1).arg(0)));
        assertEquals(0, got.get(2).length(1));
    }

    @Test
    void binaryPayloadWithCrLfInside() throws Exception {
        byte[] payload = {0, '\r', '\n', (byte) 0xff, '*', '$'};
        ByteBuffer in = ByteBuffer.allocate(64);
        in.put("*1\r\n$6\r\n".getBytes(StandardCharsets.US_ASCII)).put(payload).put("\r\n".getBytes(StandardCharsets.US_ASCII));
        in.flip();
        assertArrayEquals(payload, new RespRequestParser().next(in).arg(0));
    }

    @Test
    void incompleteFrameWaitsForMore() throws Exception {
        RespRequestParser p = new RespRequestParser();
        assertNull(p.next(bytes("*2\r\n$3\r\nGET\r\n$3\r\nab")));
        Request r = p.next(bytes("c\r\n"));
        assertEquals("abc", str(r.arg(1)));
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

    private static ByteBuffer frame(byte[]... args) {
        int size = 16;
        for (byte[] a : args) {
            size += a.length + 16;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.put(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII)).put(a).put((byte) '\r').put((byte) '\n');
        }
        return b.flip();
    }

    private static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void largeArgumentsGoToPooledBuffersAndComeBackOnRelease() throws Exception {
        DirectBuffers pool = new DirectBuffers(8L << 20);
        RespRequestParser p = new RespRequestParser(pool);
        byte[] large = filled(RespRequestParser.LARGE_ARGUMENT + 1000, 1);
        Request r = p.next(frame("SET".getBytes(StandardCharsets.US_ASCII), "k".getBytes(StandardCharsets.US_ASCII), large));
        assertEquals(large.length, r.length(2));
        assertTrue(r.buffer(2).isDirect(), "a large value is not copied to the heap");
        assertEquals(ByteBuffer.wrap(large), r.buffer(2));
        assertFalse(r.buffer(1).isDirect(), "small arguments stay arrays");
        assertArrayEquals(large, r.arg(2), "commands that want an array still get one");
        assertEquals(0, pool.idleBytes());
        r.release(pool);
        assertTrue(pool.idleBytes() >= large.length, "released: the buffer is back in the pool");
        r.release(pool); // twice is harmless
        assertThrows(IllegalStateException.class, () -> r.buffer(2), "a released request cannot be read");
    }

    @Test
    void reusedBuffersHoldOnlyTheirOwnRequestsBytes() throws Exception {
        DirectBuffers pool = new DirectBuffers(8L << 20);
        RespRequestParser p = new RespRequestParser(pool);
        for (int i = 0; i < 20; i++) {
            // shrinking lengths: a reused buffer is larger than the value now in it
            byte[] value = filled(300_000 - i * 9_999, i);
            ByteBuffer in = frame("SET".getBytes(StandardCharsets.US_ASCII), value);
            Request r = null;
            while (r == null) { // fed in uneven pieces, as the socket delivers them
                ByteBuffer piece = in.slice(in.position(), Math.min(in.remaining(), 7_777 + i));
                r = p.next(piece);
                in.position(in.position() + piece.position());
            }
            assertEquals(value.length, r.length(1));
            assertEquals(ByteBuffer.wrap(value), r.buffer(1));
            r.release(pool);
        }
        assertTrue(pool.idleBytes() <= 2 * 320 * 1024, "one buffer reused, not one per request");
    }

    @Test
    void discardGivesBackTheBuffersOfAnUnfinishedRequest() throws Exception {
        DirectBuffers pool = new DirectBuffers(8L << 20);
        RespRequestParser p = new RespRequestParser(pool);
        byte[] large = filled(100_000, 3);
        ByteBuffer whole = frame("SET".getBytes(StandardCharsets.US_ASCII), large, large);
        // the first large argument complete, the second half read: the connection closes
        assertNull(p.next(whole.slice(0, whole.limit() - 50_000)));
        assertEquals(0, pool.idleBytes());
        p.discard();
        assertTrue(pool.idleBytes() >= 2 * large.length, "both buffers back: " + pool.idleBytes());

        RespRequestParser q = new RespRequestParser(pool);
        long idle = pool.idleBytes();
        ByteBuffer bad = frame("SET".getBytes(StandardCharsets.US_ASCII), large);
        bad.put(bad.limit() - 2, (byte) 'X'); // no CRLF after the value
        assertThrows(RespProtocolException.class, () -> q.next(bad));
        q.discard();
        assertEquals(idle, pool.idleBytes(), "the malformed request's buffer came back too");
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
