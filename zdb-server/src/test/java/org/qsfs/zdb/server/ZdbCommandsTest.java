package org.qsfs.zdb.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against a real embedded server, through Jedis, in the default (mixed) mode. */
class ZdbCommandsTest {
    @TempDir
    Path dir;
    ZdbServer server;
    ZdbClient c;

    @BeforeEach
    void start() throws Exception {
        server = new ZdbServer(ZdbConfig.embedded(dir).build()).start();
        c = new ZdbClient(server);
    }

    @AfterEach
    void stop() {
        c.close();
        server.close();
    }

    @Test
    void pingTimeInfo() {
        assertEquals("PONG", c.str("PING"));
        List<?> time = (List<?>) c.cmd("TIME");
        long seconds = Long.parseLong(ZdbClient.text(time.get(0)));
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000) < 5);
        String info = c.str("INFO");
        assertTrue(info.contains("server_name: 0-db (zdb)"), info);
        assertTrue(info.contains("data_version: 3"), info);
        assertTrue(info.contains("index_version: 4"), info);
    }

    @Test
    void setGetDelExists() {
        assertEquals("hello", c.str("SET", "hello", "world"));
        assertEquals("world", c.str("GET", "hello"));
        assertEquals(1, c.num("EXISTS", "hello"));
        assertEquals(5, c.num("LENGTH", "hello"));
        assertEquals(1, c.num("CHECK", "hello"));
        long t = c.num("KEYTIME", "hello");
        assertTrue(Math.abs(t - System.currentTimeMillis() / 1000) < 5);
        assertEquals(1, c.num("DBSIZE"));
        assertEquals("OK", c.str("DEL", "hello"));
        assertNull(c.cmd("GET", "hello"));
        assertEquals(0, c.num("EXISTS", "hello"));
        assertNull(c.cmd("LENGTH", "hello"));
        assertNull(c.cmd("CHECK", "hello"));
        assertEquals("Key not found", c.err("DEL", "hello"));
        assertEquals(0, c.num("DBSIZE"));
    }

    @Test
    void identicalValueWritesNothing() {
        c.cmd("SET", "k", "v1");
        assertNull(c.cmd("SET", "k", "v1"), "same value: nil and no new version");
        assertEquals("k", c.str("SET", "k", "v2"));
        assertEquals("v2", c.str("GET", "k"));
    }

    @Test
    void mgetMixesHitsAndMisses() {
        c.cmd("SET", "a", "1");
        c.cmd("SET", "b", "2");
        List<?> r = (List<?>) c.cmd("MGET", "a", "missing", "b");
        assertEquals("1", ZdbClient.text(r.get(0)));
        assertNull(r.get(1));
        assertEquals("2", ZdbClient.text(r.get(2)));
        assertEquals("Invalid arguments", c.err("MGET"));
    }

    @Test
    void mgetMixesLargeAndSmallValuesInOrder() {
        // values from 64 KiB up are sent from direct buffers, the rest from the reply buffer
        byte[] large = new byte[300_000];
        new java.util.Random(2).nextBytes(large);
        byte[] edge = new byte[64 * 1024];
        new java.util.Random(3).nextBytes(edge);
        c.cmd("SET", "large", large);
        c.cmd("SET", "edge", edge);
        c.cmd("SET", "small", "s");
        List<?> r = (List<?>) c.cmd("MGET", "small", "large", "missing", "edge", "large", "small");
        assertEquals("s", ZdbClient.text(r.get(0)));
        assertArrayEquals(large, (byte[]) r.get(1));
        assertNull(r.get(2));
        assertArrayEquals(edge, (byte[]) r.get(3));
        assertArrayEquals(large, (byte[]) r.get(4));
        assertEquals("s", ZdbClient.text(r.get(5)));
        for (int i = 0; i < 50; i++) { // buffers are reused: each reply still has its own bytes
            byte[] v = new byte[100_000 + i];
            java.util.Arrays.fill(v, (byte) i);
            c.cmd("SET", "k" + i, v);
            assertArrayEquals(v, (byte[]) c.cmd("GET", "k" + i));
        }
    }

    @Test
    void largeSetValuesKeepTheirOwnBytes() {
        // values from 64 KiB up are read into pooled direct buffers, reused request after request
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] v = new byte[400_000 - i * 11_111];
            new java.util.Random(i).nextBytes(v);
            values.add(v);
            assertEquals("big" + i, c.str("SET", "big" + i, v));
        }
        for (int i = 0; i < values.size(); i++) {
            assertArrayEquals(values.get(i), (byte[]) c.cmd("GET", "big" + i));
        }
        assertNull(c.cmd("SET", "big3", values.get(3)), "the same large value again: nil, nothing written");
        byte[] changed = values.get(3).clone();
        changed[changed.length - 1] ^= 1;
        assertEquals("big3", c.str("SET", "big3", changed), "one byte differs: written");
        assertArrayEquals(changed, (byte[]) c.cmd("GET", "big3"));
        assertEquals("Invalid key", c.err("GET", new byte[70_000]), "a large argument of another command");
    }

    @Test
    void argumentErrors() {
        assertEquals("Command not supported", c.err("NOPE"));
        assertEquals("Unexpected arguments", c.err("GET"));
        assertEquals("Unexpected arguments", c.err("SET", "k"));
        assertEquals("Invalid argument", c.err("GET", ""));
        assertEquals("Key too large", c.err("SET", "x".repeat(256), "v"));
        assertEquals("Invalid key", c.err("GET", "x".repeat(256)));
        assertEquals("Invalid argument, key needed", c.err("SET", "", "v"));
    }

    @Test
    void upstreamPrefixMatching() {
        assertEquals("PONG", c.str("PIN"));
        assertTrue(c.str("INF").contains("# server"));
    }

    @Test
    void binaryKeysAndValues() {
        byte[] key = {0, 1, 2, (byte) 0xff, '\r', '\n'};
        byte[] value = new byte[100_000];
        new java.util.Random(1).nextBytes(value);
        assertArrayEquals(key, (byte[]) c.cmd("SET", key, value));
        assertArrayEquals(value, (byte[]) c.cmd("GET", key));
    }

    @Test
    void largestValueAccepted() {
        byte[] value = new byte[8 * 1024 * 1024];
        value[value.length - 1] = 7;
        c.cmd("SET", "big", value);
        assertArrayEquals(value, (byte[]) c.cmd("GET", "big"));
    }

    @Test
    void scanWalksEveryLiveKeyForwardAndBackward() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            c.cmd("SET", "key" + i, "value" + i);
            expected.add("key" + i);
        }
        c.cmd("SET", "key5", "overwritten");
        c.cmd("DEL", "key7");
        expected.remove("key7");

        assertEquals(expected, walk("SCAN"));
        assertEquals(expected, walk("RSCAN"));
    }

    private Set<String> walk(String command) {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        List<?> page = (List<?>) c.cmd(command);
        while (true) {
            for (Object o : (List<?>) page.get(1)) {
                List<?> item = (List<?>) o;
                String k = ZdbClient.text(item.get(0));
                assertTrue(seen.add(k), command + " returned " + k + " twice");
                order.add(k);
            }
            byte[] cursor = (byte[]) page.get(0);
            assertEquals(17, cursor.length);
            try {
                page = (List<?>) c.cmd(command, cursor);
            } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                assertEquals("No more data", e.getMessage());
                return seen;
            }
        }
    }

    @Test
    void scanOfEmptyNamespace() {
        assertEquals("No more data", c.err("SCAN"));
        assertEquals("Invalid key format", c.err("SCAN", "short"));
    }

    @Test
    void keycurStartsScanAfterTheKey() {
        for (int i = 0; i < 10; i++) {
            c.cmd("SET", "k" + i, "v");
        }
        byte[] cursor = (byte[]) c.cmd("KEYCUR", "k4");
        List<?> page = (List<?>) c.cmd("SCAN", cursor);
        List<?> first = (List<?>) ((List<?>) page.get(1)).get(0);
        assertEquals("k5", ZdbClient.text(first.get(0)));
        assertEquals("Key not found", c.err("KEYCUR", "nope"));
    }

    @Test
    void historyWalksPreviousVersions() {
        c.cmd("SET", "doc", "v1");
        c.cmd("SET", "doc", "v2");
        c.cmd("SET", "doc", "v3");
        List<?> h = (List<?>) c.cmd("HISTORY", "doc");
        assertEquals("v3", ZdbClient.text(h.get(2)));
        List<String> versions = new ArrayList<>(List.of(ZdbClient.text(h.get(2))));
        while (h.get(0) != null) {
            h = (List<?>) c.cmd("HISTORY", "doc", h.get(0));
            versions.add(ZdbClient.text(h.get(2)));
        }
        assertEquals(List.of("v3", "v2", "v1"), versions);
        assertEquals("No more history", c.err("HISTORY", "doc", new byte[8]));
        assertEquals("Key not found", c.err("HISTORY", "nope"));
    }

    @Test
    void namespacesLifecycle() {
        assertEquals("OK", c.str("NSNEW", "ns1"));
        assertEquals("This namespace is not available", c.err("NSNEW", "ns1"));
        assertEquals("This name is not allowed", c.err("NSNEW", "bad/name"));
        List<?> list = (List<?>) c.cmd("NSLIST");
        assertEquals(Set.of("default", "ns1"), Set.of(ZdbClient.text(list.get(0)), ZdbClient.text(list.get(1))));

        assertEquals("OK", c.str("SELECT", "ns1"));
        c.cmd("SET", "only-in-ns1", "x");
        assertEquals(1, c.num("DBSIZE"));
        assertEquals("OK", c.str("SELECT", "default"));
        assertNull(c.cmd("GET", "only-in-ns1"));

        String info = c.str("NSINFO", "ns1");
        assertTrue(info.contains("name: ns1"), info);
        assertTrue(info.contains("entries: 1"), info);
        assertEquals("Namespace not found", c.err("NSINFO", "nope"));

        assertEquals("Cannot remove default namespace", c.err("NSDEL", "default"));
        assertEquals("OK", c.str("NSDEL", "ns1"));
        assertEquals("Namespace not found", c.err("SELECT", "ns1"));
    }

    @Test
    void deletedNamespaceDisconnectsItsClients() {
        c.cmd("NSNEW", "gone");
        try (ZdbClient other = new ZdbClient(server)) {
            other.cmd("SELECT", "gone");
            c.cmd("NSDEL", "gone");
            assertEquals("Your active namespace is not available anymore (probably removed).", other.err("PING"));
        }
        assertEquals("PONG", c.str("PING"));
    }

    @Test
    void passwordsAndPublicNamespaces() {
        c.cmd("NSNEW", "secret");
        c.cmd("NSSET", "secret", "password", "hunter2");
        c.cmd("NSSET", "secret", "public", "0"); // new namespaces are public, as upstream
        try (ZdbClient other = new ZdbClient(server)) {
            assertEquals("Namespace protected and private", other.err("SELECT", "secret"));
            assertEquals("Access denied", other.err("SELECT", "secret", "wrong"));
            assertEquals("OK", other.str("SELECT", "secret", "hunter2"));
            other.cmd("SET", "k", "v");
        }
        c.cmd("NSSET", "secret", "public", "1");
        try (ZdbClient reader = new ZdbClient(server)) {
            assertEquals("OK", reader.str("SELECT", "secret"));
            assertEquals("v", reader.str("GET", "k"));
            assertEquals("Namespace is in read-only mode", reader.err("SET", "k", "x"));
            assertEquals("Namespace is in read-only mode", reader.err("DEL", "k"));
        }
        // AUTH SECURE style select: sha1(nonce:password)
        try (ZdbClient secure = new ZdbClient(server)) {
            String nonce = secure.str("AUTH", "SECURE", "CHALLENGE");
            assertEquals(16, nonce.length());
            String hash = sha1Hex(nonce + ":hunter2");
            assertEquals("OK", secure.str("SELECT", "secret", "SECURE", hash));
            assertEquals("k2", secure.str("SET", "k2", "v2"));
        }
        assertEquals("Cannot update default namespace", c.err("NSSET", "default", "password", "x"));
        assertEquals("Invalid property", c.err("NSSET", "secret", "colour", "blue"));
    }

    static String sha1Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void maxsizeWormLockFreeze() {
        c.cmd("NSNEW", "small");
        c.cmd("NSSET", "small", "maxsize", "10");
        c.cmd("SELECT", "small");
        c.cmd("SET", "a", "12345");
        assertEquals("No space left on this namespace", c.err("SET", "b", "1234567"));
        assertEquals("a", c.str("SET", "a", "1234567890"), "replacing within the limit is allowed");
        assertNull(c.cmd("GET", "b"));

        c.cmd("NSNEW", "worm");
        c.cmd("NSSET", "worm", "worm", "1");
        c.cmd("SELECT", "worm");
        c.cmd("SET", "once", "v");
        assertEquals("Namespace is protected by worm mode", c.err("SET", "once", "w"));
        assertEquals("Cannot delete a key when namespace is in worm mode", c.err("DEL", "once"));
        assertEquals("v", c.str("GET", "once"));

        c.cmd("NSSET", "worm", "lock", "1");
        assertEquals("Namespace is temporarily locked (read-only)", c.err("SET", "new", "v"));
        assertEquals("v", c.str("GET", "once"));
        c.cmd("NSSET", "worm", "freeze", "1");
        assertEquals("Namespace is temporarily frozen (read-write disabled)", c.err("GET", "once"));
        c.cmd("NSSET", "worm", "freeze", "0");
        assertEquals("v", c.str("GET", "once"));
    }

    @Test
    void sequentialNamespace() {
        c.cmd("NSNEW", "seq");
        assertEquals("OK", c.str("NSSET", "seq", "mode", "seq"));
        c.cmd("SELECT", "seq");
        byte[] id0 = (byte[]) c.cmd("SET", "", "first");
        byte[] id1 = (byte[]) c.cmd("SET", "", "second");
        assertArrayEquals(new byte[8], id0);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, id1);
        assertEquals("first", c.str("GET", id0));
        assertArrayEquals(id0, (byte[]) c.cmd("SET", id0, "updated"));
        assertEquals("updated", c.str("GET", id0));
        assertEquals("Invalid key, only update authorized", c.err("SET", new byte[] {9, 0, 0, 0, 0, 0, 0, 0}, "x"));
        assertEquals("Cannot change mode of used namespace", c.err("NSSET", "seq", "mode", "user"));
        assertEquals("Invalid property value (expected: user, seq)", c.err("NSSET", "default", "mode", "other"));
    }

    @Test
    void waitIsWokenByAWriteInTheSameNamespace() throws Exception {
        try (ZdbClient waiter = new ZdbClient(server)) {
            var result = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> result.complete(waiter.str("WAIT", "SET", "5000")));
            t.start();
            Thread.sleep(300);
            c.cmd("SET", "wake", "up");
            assertEquals("SET", result.get(5, java.util.concurrent.TimeUnit.SECONDS));
        }
        try (ZdbClient waiter = new ZdbClient(server)) {
            long t0 = System.nanoTime();
            assertEquals("Timeout", waiter.err("WAIT", "*", "300"));
            assertTrue(System.nanoTime() - t0 >= 250_000_000L);
        }
        assertEquals("Invalid timeout", c.err("WAIT", "SET", "5"));
        assertEquals("Unknown command to watch", c.err("WAIT", "NOPE"));
    }

    @Test
    void internalsForBackupTools() {
        c.cmd("SET", "k", "value");
        List<?> raw = (List<?>) c.cmd("DATA", "RAW", "0", "28");
        assertEquals("k", ZdbClient.text(raw.get(0)));
        assertEquals("value", ZdbClient.text(raw.get(5)));
        assertTrue(ZdbClient.text(raw.get(2)).startsWith("0x"));
        assertEquals("EOF", c.err("DATA", "RAW", "0", "100000"));
        assertEquals("OK", c.str("NSJUMP"));
        List<?> dirty = (List<?>) c.cmd("INDEX", "DIRTY");
        assertNotNull(dirty);
        assertEquals("OK", c.str("INDEX", "DIRTY", "RESET"));
        assertEquals("Unknown INDEX subcommand", c.err("INDEX", "NOPE"));
        assertEquals("k", c.str("SET", "k", "value-after-jump"));
        assertEquals("value-after-jump", c.str("GET", "k"));
    }

    @Test
    void flushOnlyForPrivateProtectedNamespaces() {
        assertEquals("Flushing public namespace denied", c.err("FLUSH"));
        c.cmd("NSNEW", "tmp");
        c.cmd("NSSET", "tmp", "password", "p");
        c.cmd("NSSET", "tmp", "public", "0");
        c.cmd("SELECT", "tmp", "p");
        c.cmd("SET", "a", "1");
        assertEquals("OK", c.str("FLUSH"));
        assertEquals(0, c.num("DBSIZE"));
        assertNull(c.cmd("GET", "a"));
        c.cmd("SET", "b", "2");
        assertEquals("2", c.str("GET", "b"));
    }

    @Test
    void reloadKeepsData() {
        c.cmd("SET", "a", "1");
        assertEquals("OK", c.str("RELOAD", "default"));
        assertEquals("1", c.str("GET", "a"));
        assertEquals("Namespace not found", c.err("RELOAD", "nope"));
    }
}
