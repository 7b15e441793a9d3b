package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was written survives a restart: keys, history, namespaces, settings, sequential ids. */
class PersistenceTest {
    @TempDir
    Path dir;

    private ZdbServer start(ZdbConfig.Builder b) throws IOException {
        return new ZdbServer(b.build()).start();
    }

    @Test
    void restartKeepsEverything() throws Exception {
        ZdbConfig.Builder cfg = ZdbConfig.embedded(dir);
        try (ZdbServer s = start(cfg); ZdbClient c = new ZdbClient(s)) {
            c.cmd("SET", "a", "1");
            c.cmd("SET", "a", "2");
            c.cmd("SET", "b", "x");
            c.cmd("DEL", "b");
            c.cmd("NSNEW", "private");
            c.cmd("NSSET", "private", "password", "pw");
            c.cmd("NSSET", "private", "public", "0");
            c.cmd("NSSET", "private", "maxsize", "1000");
            c.cmd("SELECT", "private", "pw");
            c.cmd("SET", "p", "secret");
            c.cmd("NSNEW", "seq");
            c.cmd("NSSET", "seq", "mode", "seq");
            c.cmd("SELECT", "seq");
            c.cmd("SET", "", "s0");
            c.cmd("SET", "", "s1");
        }
        try (ZdbServer s = start(cfg); ZdbClient c = new ZdbClient(s)) {
            assertEquals("2", c.str("GET", "a"));
            assertEquals(0, c.num("EXISTS", "b"));
            java.util.List<?> h = (java.util.List<?>) c.cmd("HISTORY", "a");
            java.util.List<?> older = (java.util.List<?>) c.cmd("HISTORY", "a", h.get(0));
            assertEquals("1", ZdbClient.text(older.get(2)));
            assertEquals("Namespace protected and private", c.err("SELECT", "private"));
            c.cmd("SELECT", "private", "pw");
            assertEquals("secret", c.str("GET", "p"));
            assertTrue(c.str("NSINFO", "private").contains("data_limits_bytes: 1000"));
            c.cmd("SELECT", "seq");
            assertEquals("s1", c.str("GET", new byte[] {1, 0, 0, 0, 0, 0, 0, 0}));
            byte[] next = (byte[]) c.cmd("SET", "", "s2");
            assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0, 0, 0}, next, "sequence continues after restart");
        }
    }

    @Test
    void smallDatasizeRotatesFilesAndEverythingStillReads() throws Exception {
        ZdbConfig.Builder cfg = ZdbConfig.embedded(dir).datasize(512 * 1024);
        Random r = new Random(3);
        byte[][] values = new byte[40][];
        try (ZdbServer s = start(cfg); ZdbClient c = new ZdbClient(s)) {
            for (int i = 0; i < values.length; i++) {
                values[i] = new byte[50_000 + r.nextInt(50_000)];
                r.nextBytes(values[i]);
                c.cmd("SET", "k" + i, values[i]);
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("data").resolve("default"))) {
            long dataFiles = files.filter(p -> p.getFileName().toString().matches("d[0-9]+")).count();
            assertTrue(dataFiles >= 5, "expected rotation into several files, got " + dataFiles);
        }
        try (ZdbServer s = start(cfg); ZdbClient c = new ZdbClient(s)) {
            for (int i = 0; i < values.length; i++) {
                assertArrayEquals(values[i], (byte[]) c.cmd("GET", "k" + i), "k" + i);
            }
            assertEquals(values.length, c.num("DBSIZE"));
        }
    }

    @Test
    void singleModeServerRefusesModeChanges() throws Exception {
        try (ZdbServer s = start(ZdbConfig.embedded(dir).mode(ZdbConfig.Mode.SEQ)); ZdbClient c = new ZdbClient(s)) {
            assertEquals("This server instance is configured to use a single runtime mode",
                    c.err("NSSET", "default", "mode", "user"));
            byte[] id = (byte[]) c.cmd("SET", "", "v");
            assertEquals(8, id.length);
        }
    }

    @Test
    void unixSocket() throws Exception {
        Path sock = dir.resolve("zdb.sock");
        try (ZdbServer s = start(ZdbConfig.embedded(dir).socket(sock))) {
            assertEquals(-1, s.port());
            java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(sock));
            ch.write(java.nio.ByteBuffer.wrap("*1\r\n$4\r\nPING\r\n".getBytes()));
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(64);
            ch.read(in);
            assertEquals("+PONG\r\n", new String(in.array(), 0, in.position()));
            ch.close();
        }
    }
}
