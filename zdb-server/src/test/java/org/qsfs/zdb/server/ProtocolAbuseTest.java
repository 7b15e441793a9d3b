package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing and hostile clients: random bytes, truncated frames, huge declared lengths, slow
 * and silent clients. The server answers with errors or closes that connection, keeps
 * serving everyone else, and never changes stored data.
 */
class ProtocolAbuseTest {
    @TempDir
    Path dir;

    @Test
    void brokenFramesGetAnErrorAndAClosedConnection() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start()) {
            assertEquals("-Malformed request, array expected\r\n", exchange(server, "HELLO\r\n"));
            assertEquals("-Payload too big\r\n", exchange(server, "*1\r\n$9999999999\r\n"));
            assertEquals("-Too many arguments\r\n", exchange(server, "*5000\r\n"));
            assertEquals("-Malformed query string\r\n", exchange(server, "*2\r\n$3\r\nGET\r\n:1\r\n"));
        }
    }

    /** Sends raw bytes, returns everything the server sent until it closed the connection. */
    private static String exchange(ZdbServer server, String raw) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void fuzzNeverChangesDataNorStopsService() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             ZdbClient good = new ZdbClient(server)) {
            for (int i = 0; i < 50; i++) {
                good.cmd("SET", "key" + i, "value" + i);
            }
            server.close();
        }
        String before = digestOfFiles(dir);
        // --protect: unauthenticated clients can neither write nor administer, so no junk can
        // legitimately change a byte; the good client logs into the default namespace
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).adminPassword("admin-secret")
                .protect(true).build()).start();
             ZdbClient good = new ZdbClient(server)) {
            assertEquals("OK", good.str("SELECT", "default", "admin-secret"));
            Random r = new Random(12345);
            String[] words = {"*", "$", "\r\n", "SET", "GET", "DEL", "NSDEL", "FLUSH", "NSSET", "-1", "0", "99999999",
                "default", "key1", "\n", "*3", "$3", "SCAN", "HISTORY", "DATA", "RAW"};
            long deadline = System.nanoTime() + 4_000_000_000L;
            int sessions = 0;
            while (System.nanoTime() < deadline && sessions < 400) {
                sessions++;
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout(200);
                    OutputStream out = s.getOutputStream();
                    StringBuilder junk = new StringBuilder();
                    int n = 1 + r.nextInt(30);
                    for (int k = 0; k < n; k++) {
                        if (r.nextInt(3) == 0) {
                            junk.append((char) r.nextInt(256));
                        } else {
                            junk.append(words[r.nextInt(words.length)]);
                        }
                    }
                    out.write(junk.toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    drainBriefly(s.getInputStream());
                } catch (java.net.SocketException ignored) {
                    // the server may close on us: that is an allowed answer
                }
                if (sessions % 50 == 0) {
                    assertEquals("PONG", good.str("PING"), "a well-behaved client is still served");
                }
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("value" + i, good.str("GET", "key" + i));
            }
            assertEquals(50, good.num("DBSIZE"));
        }
        assertEquals(before, digestOfFiles(dir), "no stored byte changed");
    }

    private static void drainBriefly(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) > 0) {
                // keep reading until timeout or close
            }
        } catch (Exception ignored) {
            // timeout or reset
        }
    }

    /** Digest of every data and index file, ignoring the header's "opened" timestamp. */
    private static String digestOfFiles(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                byte[] b = Files.readAllBytes(p);
                String name = p.getFileName().toString();
                if (name.matches("[di][0-9]+")) {
                    // bytes 16..23 hold the last-opened time, rewritten at every start
                    for (int i = 16; i < 24 && i < b.length; i++) {
                        b[i] = 0;
                    }
                }
                md.update(root.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                md.update(b);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void silentAndSlowClientsDoNotStallOthers() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             ZdbClient good = new ZdbClient(server)) {
            byte[] big = new byte[4 * 1024 * 1024];
            good.cmd("SET", "big", big);
            // a client that half-sends a frame and goes silent
            Socket silent = new Socket("127.0.0.1", server.port());
            silent.getOutputStream().write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nabc".getBytes(StandardCharsets.US_ASCII));
            // a client that asks for lots of data and never reads it
            Socket greedy = new Socket("127.0.0.1", server.port());
            greedy.setReceiveBufferSize(4096);
            OutputStream g = greedy.getOutputStream();
            for (int i = 0; i < 64; i++) {
                g.write("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            g.flush();
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                assertEquals("PONG", good.str("PING"));
            }
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "others are served promptly");
            assertArrayEquals(big, (byte[]) good.cmd("GET", "big"));
            silent.close();
            greedy.close();
            assertEquals("PONG", good.str("PING"));
        }
    }

    @Test
    void pipelinedRepliesLargerThanTheOutputLimitAllArrive() throws Exception {
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             ZdbClient c = new ZdbClient(server);
             Socket s = new Socket("127.0.0.1", server.port())) {
            byte[] value = new byte[1024 * 1024];
            new Random(9).nextBytes(value);
            c.cmd("SET", "v", value);
            int requests = 24; // 24 MiB of replies: several times the per-client output limit
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                pipeline.append("*2\r\n$3\r\nGET\r\n$1\r\nv\r\n");
            }
            s.setSoTimeout(10_000);
            s.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
            String header = "$" + value.length + "\r\n";
            byte[] got = new byte[value.length];
            for (int i = 0; i < requests; i++) {
                byte[] h = new byte[header.length()];
                in.readFully(h);
                assertEquals(header, new String(h, StandardCharsets.US_ASCII), "reply " + i);
                in.readFully(got);
                assertArrayEquals(value, got, "reply " + i);
                in.readFully(new byte[2]);
                // a slow reader: the output drains in many steps, each resuming held-back requests
                Thread.sleep(70);
            }
        }
    }

    @Test
    void pipelinedGetsSeeTheValueAtTheirPlaceInThePipeline() throws Exception {
        // a large GET's payload is read when the request runs, not when the socket takes it
        try (ZdbServer server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
             Socket s = new Socket("127.0.0.1", server.port())) {
            byte[] first = new byte[512 * 1024];
            byte[] second = new byte[512 * 1024];
            java.util.Arrays.fill(first, (byte) 1);
            java.util.Arrays.fill(second, (byte) 2);
            java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
            for (byte[] v : new byte[][] {first, second}) {
                req.writeBytes(("*3\r\n$3\r\nSET\r\n$1\r\nv\r\n$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                req.writeBytes(v);
                req.writeBytes("\r\n*2\r\n$3\r\nGET\r\n$1\r\nv\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toByteArray());
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
            for (byte[] v : new byte[][] {first, second}) {
                byte[] setReply = new byte["$1\r\nv\r\n".length()];
                in.readFully(setReply);
                assertEquals("$1\r\nv\r\n", new String(setReply, StandardCharsets.US_ASCII));
                String header = "$" + v.length + "\r\n";
                byte[] h = new byte[header.length()];
                in.readFully(h);
                assertEquals(header, new String(h, StandardCharsets.US_ASCII));
                byte[] got = new byte[v.length];
                in.readFully(got);
                assertArrayEquals(v, got);
                in.readFully(new byte[2]);
            }
        }
    }
}
