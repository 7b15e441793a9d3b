package org.qsfs.engine.zdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.zdb.server.ZdbConfig;
import org.qsfs.zdb.server.ZdbServer;

/** The zdb client against real zdb-servers (and a few misbehaving fakes) on loopback. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ZdbClientTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    private ZdbServer server(ZdbConfig.Builder b) throws IOException {
        return closing(new ZdbServer(b.build()).start());
    }

    private ZdbServer server() throws IOException {
        return server(ZdbConfig.embedded(dir));
    }

    private ZdbClient client(int port, String ns, String password) {
        return closing(ZdbConnector.builder(new BackendAddress("127.0.0.1", port, ns, password))
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .maxConnections(4)
                .build());
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binaryRoundTripsUpTo8MiB() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "default", null);
        Random r = new Random(1);
        int[] sizes = {0, 1, 2, 13, 4096, 65_535, 65_536, 1 << 20, ZdbClient.MAX_VALUE_BYTES};
        for (int size : sizes) {
            byte[] key = random(r, 1 + size % 200);
            key[0] = '\r';
            if (key.length > 1) {
                key[1] = '\n';
            }
            byte[] value = random(r, size);
            assertTrue(c.set(key, value), "first set of " + size);
            assertArrayEquals(value, c.get(key), "get of " + size);
            assertTrue(c.exists(key));
            assertEquals(Boolean.TRUE, c.check(key));
            assertFalse(c.set(key, value), "identical set writes nothing");
            byte[] other = random(r, size == ZdbClient.MAX_VALUE_BYTES ? size - 1 : size + 1);
            assertTrue(c.set(key, other), "changed value is written");
            assertArrayEquals(other, c.get(key));
            assertTrue(c.delete(key));
            assertNull(c.get(key));
            assertFalse(c.exists(key));
            assertNull(c.check(key));
            assertFalse(c.delete(key), "deleting a missing key");
        }
        byte[] max255 = random(r, 255);
        assertTrue(c.set(max255, b("x")));
        assertArrayEquals(b("x"), c.get(max255));
        assertThrows(IllegalArgumentException.class, () -> c.set(new byte[256], b("x")));
        assertThrows(IllegalArgumentException.class, () -> c.set(new byte[0], b("x")));
        assertThrows(IllegalArgumentException.class, () -> c.set(b("k"), new byte[ZdbClient.MAX_VALUE_BYTES + 1]));
        assertTrue(c.ping().toNanos() > 0);
        assertEquals("PONG", c.command("PING"));
        assertTrue(c.openConnections() <= 4);
    }

    @Test
    void getIntoUsesTheCallersArrayOnlyWhenTheValueFitsExactly() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "default", null);
        Random r = new Random(2);
        byte[] a = new byte[100_000];
        byte[] b = new byte[100_000];
        r.nextBytes(a);
        r.nextBytes(b);
        c.set("a".getBytes(StandardCharsets.UTF_8), a);
        c.set("b".getBytes(StandardCharsets.UTF_8), b);
        byte[] into = new byte[100_000];
        assertSame(into, c.get("a".getBytes(StandardCharsets.UTF_8), into));
        assertArrayEquals(a, into);
        assertSame(into, c.get("b".getBytes(StandardCharsets.UTF_8), into), "reused");
        assertArrayEquals(b, into, "all of the previous value overwritten");
        byte[] roomy = new byte[100_001];
        byte[] got = c.get("a".getBytes(StandardCharsets.UTF_8), roomy);
        assertNotSame(roomy, got, "another length: a new array");
        assertArrayEquals(a, got);
        assertNull(c.get("missing".getBytes(StandardCharsets.UTF_8), into));
        assertArrayEquals(b, into, "untouched by a miss");
    }

    @Test
    void sequentialAppendReturnsIds() throws Exception {
        ZdbServer s = server(ZdbConfig.embedded(dir).mode(ZdbConfig.Mode.SEQ));
        ZdbClient c = client(s.port(), "default", null);
        Set<String> ids = new HashSet<>();
        List<byte[]> idList = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] id = c.append(b("value " + i));
            assertNotNull(id);
            assertTrue(ids.add(HexFormat.of().formatHex(id)), "ids are unique");
            idList.add(id);
        }
        assertEquals(8, idList.get(0).length, "the backend's id");
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(b("value " + i), c.get(idList.get(i)));
        }
        // update of an existing id, and a made-up id is refused
        assertTrue(c.set(idList.get(3), b("updated")));
        assertArrayEquals(b("updated"), c.get(idList.get(3)));
        ZdbCommandException e = assertThrows(ZdbCommandException.class, () -> c.set(b("nope-not-an-id"), b("x")));
        assertTrue(e.reply().contains("only update"), e.getMessage());
        assertEquals("sequential", c.info().mode());
    }

    @Test
    void passwordsSecureAndPlainAndWrong() throws Exception {
        ZdbServer s = server(ZdbConfig.embedded(dir).adminPassword("root-pw"));
        try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", s.port(), "root-pw")) {
            assertTrue(admin.provision(new BackendAddress("127.0.0.1", s.port(), "secret", "ns-pw"),
                    ZdbAdmin.Mode.USER, 0, false));
            assertFalse(admin.ensureNamespace("secret"));
            assertTrue(admin.namespaces().contains("secret"));
            assertTrue(admin.info("secret").hasPassword());
        }
        ZdbClient secure = client(s.port(), "secret", "ns-pw");
        assertTrue(secure.settings().secureAuth());
        assertTrue(secure.set(b("k"), b("v")));
        ZdbClient plain = closing(ZdbConnector.builder(new BackendAddress("127.0.0.1", s.port(), "secret", "ns-pw"))
                .secureAuth(false).build());
        assertArrayEquals(b("v"), plain.get(b("k")));

        ZdbClient wrong = client(s.port(), "secret", "bad");
        ZdbAuthException e = assertThrows(ZdbAuthException.class, () -> wrong.get(b("k")));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        ZdbClient wrongPlain = closing(ZdbConnector.builder(new BackendAddress("127.0.0.1", s.port(), "secret", "bad"))
                .secureAuth(false).build());
        assertThrows(ZdbAuthException.class, () -> wrongPlain.get(b("k")));
        ZdbClient none = client(s.port(), "secret", null);
        assertThrows(ZdbAuthException.class, () -> none.get(b("k")), "private namespace without password");
        assertTrue(wrong.health().up(), "an auth error does not mark the backend down");

        // wrong admin password; admin commands without AUTH
        assertThrows(ZdbAuthException.class, () -> ZdbAdmin.connect("127.0.0.1", s.port(), "nope").close());
        ZdbClient anon = client(s.port(), "default", null);
        assertThrows(ZdbAuthException.class, () -> anon.command("NSNEW", "x"));
    }

    @Test
    void publicNamespaceIsReadOnlyWithoutPasswordAndAdminErrorsAreClear() throws Exception {
        ZdbServer s = server(ZdbConfig.embedded(dir).mode(ZdbConfig.Mode.USER));
        BackendAddress owner = new BackendAddress("127.0.0.1", s.port(), "pub", "owner-pw");
        try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", s.port(), null)) {
            admin.provision(owner, null, 0, true);
            ZdbCommandException exists = assertThrows(ZdbCommandException.class, () -> admin.createNamespace("pub"));
            assertTrue(exists.getMessage().contains("exists already"), exists.getMessage());
            ZdbCommandException single = assertThrows(ZdbCommandException.class,
                    () -> admin.setMode("pub", ZdbAdmin.Mode.SEQ));
            assertTrue(single.getMessage().contains("single mode"), single.getMessage());
            assertTrue(admin.info("pub").publicNamespace());
        }
        ZdbClient writer = client(s.port(), "pub", "owner-pw");
        assertTrue(writer.set(b("k"), b("v")));
        ZdbClient reader = client(s.port(), "pub", null);
        assertArrayEquals(b("v"), reader.get(b("k")));
        ZdbAuthException e = assertThrows(ZdbAuthException.class, () -> reader.set(b("k2"), b("v")));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        NamespaceInfo info = reader.info();
        assertTrue(info.publicNamespace());
        assertTrue(info.hasPassword());
        assertEquals(1, info.entries());
        assertTrue(info.diskFreeBytes() > 0);
    }

    @Test
    void missingNamespaceSaysToCreateIt() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "nothere", null);
        ZdbCommandException e = assertThrows(ZdbCommandException.class, () -> c.get(b("k")));
        assertTrue(e.getMessage().contains("NSNEW nothere"), e.getMessage());
        assertEquals("Namespace not found", e.reply());
    }

    @Test
    void fullNamespace() throws Exception {
        ZdbServer s = server();
        try (ZdbAdmin admin = ZdbAdmin.connect("127.0.0.1", s.port(), null)) {
            admin.provision(new BackendAddress("127.0.0.1", s.port(), "small", null), null, 100_000, false);
            assertEquals(100_000, admin.info("small").dataLimitBytes());
        }
        ZdbClient c = client(s.port(), "small", null);
        byte[] v = new byte[30_000];
        assertTrue(c.set(b("a"), v));
        assertTrue(c.set(b("b"), v));
        assertTrue(c.set(b("c"), v));
        ZdbFullException e = assertThrows(ZdbFullException.class, () -> c.set(b("d"), v));
        assertTrue(e.getMessage().contains("maxsize"), e.getMessage());
        assertNull(c.get(b("d")), "nothing written");
        NamespaceInfo info = c.info();
        assertEquals(3, info.entries());
        assertEquals(100_000, info.dataLimitBytes());
        assertEquals(10_000, info.freeBytes());
        assertEquals("userkey", info.mode());
        assertTrue(c.health().up(), "a full namespace is not a down backend");
    }

    @Test
    void manyThreadsShareOnePool() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "default", null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    Random r = new Random(thread);
                    int n = 0;
                    for (int i = 0; i < 150; i++) {
                        byte[] key = b("t" + thread + "-" + i);
                        byte[] value = random(r, r.nextInt(5000));
                        c.set(key, value);
                        assertArrayEquals(value, c.get(key));
                        assertTrue(c.openConnections() <= 4);
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : futures) {
                assertEquals(150, f.get(15, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(c.openConnections() <= 4, "pool bounded: " + c.openConnections());
        assertEquals(16 * 150, c.info().entries());
    }

    @Test
    void pipelinedGetAllCheckAllExistsAll() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "default", null);
        Random r = new Random(7);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] key = b("key-" + i);
            keys.add(key);
            if (i % 3 == 0) {
                values.add(null);
            } else {
                byte[] v = random(r, i * 50);
                c.set(key, v);
                values.add(v);
            }
        }
        List<byte[]> got = c.getAll(keys);
        assertEquals(keys.size(), got.size());
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(values.get(i), got.get(i), "key " + i);
        }
        List<Boolean> checks = c.checkAll(keys);
        List<Boolean> exists = c.existsAll(keys);
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(values.get(i) == null ? null : Boolean.TRUE, checks.get(i));
            assertEquals(values.get(i) != null, exists.get(i));
        }
        assertTrue(c.getAll(List.of()).isEmpty());
        // large values through the pipeline
        List<byte[]> big = List.of(b("big1"), b("big2"), b("big3"));
        byte[] v = random(r, 4 << 20);
        for (byte[] k : big) {
            c.set(k, v);
        }
        for (byte[] g : c.getAll(big)) {
            assertArrayEquals(v, g);
        }
    }

    @Test
    void scanPagesThroughThousandsOfKeys() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "default", null);
        assertNull(c.scan(null).nextCursor(), "empty namespace");
        Set<String> written = new HashSet<>();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            keys.add(b("scan-" + i));
            written.add("scan-" + i);
        }
        for (byte[] k : keys) {
            c.set(k, b("v"));
        }
        Set<String> seen = new HashSet<>();
        byte[] cursor = null;
        int pages = 0;
        do {
            ScanPage page = c.scan(cursor);
            for (byte[] k : page.keys()) {
                assertTrue(seen.add(new String(k, StandardCharsets.UTF_8)), "no key twice");
            }
            cursor = page.nextCursor();
            pages++;
            assertTrue(pages < 10_000);
        } while (cursor != null);
        assertEquals(written, seen);
    }

    @Test
    void stoppedServerFailsFastAndRestartedServerRecovers() throws Exception {
        ZdbConfig config = ZdbConfig.embedded(dir).build();
        ZdbServer s = new ZdbServer(config).start();
        int port = s.port();
        ZdbClient c = client(port, "default", null);
        c.set(b("k"), b("v"));
        s.close();

        long t0 = System.nanoTime();
        assertThrows(ZdbUnavailableException.class, () -> c.get(b("k")));
        ZdbUnavailableException down = assertThrows(ZdbUnavailableException.class, () -> c.get(b("k")));
        assertTrue(down.getMessage().contains("backend down"), down.getMessage());
        assertTrue(down.getMessage().contains("retrying in"), down.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "fails fast");
        assertFalse(c.health().up());
        assertTrue(c.health().consecutiveFailures() >= 1);

        ZdbServer again = closing(new ZdbServer(config.toBuilder().port(port).build()).start());
        assertEquals(port, again.port());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        byte[] got = null;
        while (System.nanoTime() < deadline) {
            try {
                got = c.get(b("k"));
                break;
            } catch (ZdbUnavailableException e) {
                Thread.sleep(50);
            }
        }
        assertArrayEquals(b("v"), got);
        assertTrue(c.health().up());
        assertEquals(0, c.health().consecutiveFailures());
    }

    @Test
    void stalePooledConnectionsAreReplacedTransparently() throws Exception {
        ZdbConfig config = ZdbConfig.embedded(dir).build();
        ZdbServer s = new ZdbServer(config).start();
        int port = s.port();
        ZdbClient c = client(port, "default", null);
        c.set(b("k"), b("v"));
        assertEquals(1, c.idleConnections());
        s.close();
        closing(new ZdbServer(config.toBuilder().port(port).build()).start());
        // the pooled connection is dead, nothing has noticed: an idempotent call just works
        assertArrayEquals(b("v"), c.get(b("k")));
        assertTrue(c.health().up());
    }

    @Test
    void appendAfterLongIdleChecksThePooledConnectionFirst() throws Exception {
        // append is never retried (it might store twice), so a stale connection must be seen before use
        ZdbConfig config = ZdbConfig.embedded(dir).mode(ZdbConfig.Mode.SEQ).build();
        ZdbServer s = new ZdbServer(config).start();
        int port = s.port();
        ZdbClient c = client(port, "default", null);
        byte[] first = c.append(b("one"));
        s.close();
        closing(new ZdbServer(config.toBuilder().port(port).build()).start());
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ConnectionPool.CHECK_AFTER_IDLE_NANOS) + 100);
        byte[] second = c.append(b("two"));
        assertFalse(java.util.Arrays.equals(first, second));
        assertArrayEquals(b("one"), c.get(first));
        assertArrayEquals(b("two"), c.get(second));
        assertTrue(c.health().up());
    }

    @Test
    void silentBackendTimesOutAndThePoolDoesNotHang() throws Exception {
        FakeBackend silent = closing(new FakeBackend(sock -> Thread.sleep(60_000)));
        ZdbClient c = closing(ZdbConnector.builder(new BackendAddress("127.0.0.1", silent.port(), "default", null))
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofMillis(400))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(100))
                .maxConnections(2)
                .build());
        long t0 = System.nanoTime();
        ZdbTimeoutException e = assertThrows(ZdbTimeoutException.class, () -> c.get(b("k")));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 350 && ms < 1500, "timed out after " + ms + " ms");
        assertTrue(e.getMessage().contains("request timeout"), e.getMessage());

        // many callers at once: all get an answer (timeout or fast "down") within a bound
        Thread.sleep(150);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Exception>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> {
                    try {
                        c.get(b("k"));
                        return null;
                    } catch (Exception x) {
                        return x;
                    }
                }));
            }
            for (Future<Exception> f : fs) {
                assertTrue(f.get(3, TimeUnit.SECONDS) instanceof ZdbUnavailableException);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, c.openConnections(), "timed-out connections are closed, permits returned");
    }

    @Test
    void backendThatStopsReadingTimesOutAWrite() throws Exception {
        // answers SELECT, then never reads again: an 8 MiB SET must not block forever
        FakeBackend stuck = closing(new FakeBackend(sock -> {
            FakeBackend.readCommand(sock.getInputStream());
            FakeBackend.reply(sock, "+OK\r\n");
            Thread.sleep(60_000);
        }));
        ZdbClient c = closing(ZdbConnector.builder(new BackendAddress("127.0.0.1", stuck.port(), "ns", null))
                .requestTimeout(Duration.ofMillis(500)).build());
        long t0 = System.nanoTime();
        assertThrows(ZdbTimeoutException.class, () -> c.set(b("k"), new byte[ZdbClient.MAX_VALUE_BYTES]));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
        assertEquals(0, c.openConnections());
    }

    @Test
    void serverClosingMidReplyOrSendingGarbage() throws Exception {
        AtomicInteger mode = new AtomicInteger();
        FakeBackend bad = closing(new FakeBackend(sock -> {
            FakeBackend.readCommand(sock.getInputStream()); // SELECT
            FakeBackend.reply(sock, "+OK\r\n");
            FakeBackend.readCommand(sock.getInputStream()); // GET
            switch (mode.get()) {
                case 0 -> FakeBackend.reply(sock, "$100\r\nonly a part");
                case 1 -> FakeBackend.reply(sock, "!garbage\r\n");
                default -> FakeBackend.reply(sock, "$99999999999\r\n");
            }
            sock.close();
        }));
        for (int m = 0; m < 3; m++) {
            mode.set(m);
            ZdbClient c = closing(ZdbConnector.builder(new BackendAddress("127.0.0.1", bad.port(), "ns", null))
                    .requestTimeout(Duration.ofSeconds(3)).build());
            long t0 = System.nanoTime();
            ZdbUnavailableException e = assertThrows(ZdbUnavailableException.class, () -> c.get(b("k")));
            assertFalse(e instanceof ZdbTimeoutException, e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "no wait for the timeout");
            assertEquals(0, c.openConnections(), "the broken connection is not kept");
        }
    }

    @Test
    void unreachableBackendIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        ZdbClient c = client(port, "default", null);
        ZdbUnavailableException e = assertThrows(ZdbUnavailableException.class, c::ping);
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    @Test
    void closedClientRefusesCalls() throws Exception {
        ZdbServer s = server();
        ZdbClient c = client(s.port(), "default", null);
        c.set(b("k"), b("v"));
        c.close();
        assertEquals(0, c.openConnections());
        assertThrows(ZdbUnavailableException.class, () -> c.get(b("k")));
    }

    @Test
    void connectorOpensClientsWithSharedSettings() throws Exception {
        ZdbServer s = server();
        ZdbConnector connector = ZdbConnector.builder().maxConnections(2)
                .requestTimeout(Duration.ofSeconds(2)).buildConnector();
        assertEquals(Duration.ofSeconds(3), connector.connectTimeout());
        ZdbClient c = closing(connector.open(new BackendAddress("127.0.0.1", s.port(), null, null)));
        assertEquals("default", c.address().namespace());
        assertTrue(c.set(b("x"), b("y")));
        assertThrows(IllegalStateException.class, () -> ZdbConnector.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ZdbConnector.builder().maxConnections(0));
    }
}
