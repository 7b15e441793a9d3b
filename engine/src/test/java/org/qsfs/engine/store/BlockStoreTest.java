package org.qsfs.engine.store;

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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.crypto.IntegrityException;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.engine.zdb.ZdbClient;

/** The block store against six (or seven) real zdb-servers on loopback, k=4, m=2. */
class BlockStoreTest {
    private static final PlacementPolicy POLICY = new PlacementPolicy(4, 2, 0);
    private static final BlockStoreOptions FAST = BlockStoreOptions.DEFAULTS.withShardTimeout(Duration.ofSeconds(2));

    @TempDir
    Path dir;
    private final MasterKey key = MasterKey.generate();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Random random = new Random(42);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private ZdbCluster cluster(int n, NamespaceMode mode) {
        ZdbCluster c = new ZdbCluster(dir, n, mode);
        toClose.add(c);
        return c;
    }

    private BlockStoreFixture store(List<StoreBackend> backends) {
        return store(key, backends, FAST);
    }

    private BlockStoreFixture store(MasterKey k, List<StoreBackend> backends, BlockStoreOptions options) {
        BlockStoreFixture f = new BlockStoreFixture(k, backends, POLICY, options);
        toClose.add(f);
        return f;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static int serverOf(String backendId) {
        return Integer.parseInt(backendId.substring(1));
    }

    @ParameterizedTest
    @EnumSource(NamespaceMode.class)
    void roundTripInBothNamespaceModes(NamespaceMode mode) throws Exception {
        ZdbCluster c = cluster(6, mode);
        BlockStoreFixture f = store(c.dataBackends());
        for (int len : new int[] {0, 1, 1000, 256 * 1024 + 3}) {
            byte[] data = bytes(len + 10);
            BlockRef ref = f.store.put(BlockId.random(), data, 5, len);
            assertTrue(ref.safe(), ref.toString());
            assertEquals(6, ref.placedCount());
            assertEquals(len, ref.length());
            for (int i = 0; i < 6; i++) {
                assertEquals(mode == NamespaceMode.USER, ref.shard(i).derived());
            }
            BlockRef back = BlockRef.decode(ref.encode());
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 5, 5 + len), f.store.get(back));
        }
        assertTrue(f.problems.isEmpty(), f.problems.toString());
    }

    @Test
    void anyTwoBackendsDownBeforeAPutAndForAGet() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.USER);
        byte[] data = bytes(300_000);
        BlockRef safeRef = store(c.dataBackends()).store.put(BlockId.random(), data, 0, data.length);
        assertTrue(safeRef.safe());
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                c.stop(a);
                c.stop(b);
                BlockStoreFixture f = store(c.dataBackends());
                // a block written safe reads back with any two backends gone
                assertArrayEquals(data, f.store.get(safeRef), "down: " + a + "," + b);
                // a block written while they are gone is stored degraded and reads back
                byte[] more = bytes(100_000);
                BlockRef ref = f.store.put(BlockId.random(), more, 0, more.length);
                assertFalse(ref.safe(), "down " + a + "," + b + " cannot be safe: " + ref);
                // all six shards stored, two of them doubled up on backends that hold one already
                assertEquals(6, ref.placedCount());
                assertEquals(4, ref.shards().stream().map(ShardLocation::backendId).distinct().count());
                assertArrayEquals(more, f.store.get(ref));
                assertEquals(2, f.problems.stream().filter(p -> p.kind() == ShardProblem.Kind.MISPLACED
                        && p.block().blockId().equals(ref.blockId())).map(ShardProblem::shardIndex).distinct().count());
                // ... so the degraded block survives losing one more backend, even one holding two shards
                String doubled = f.problems.stream().filter(p -> p.kind() == ShardProblem.Kind.MISPLACED)
                        .reduce((x, y) -> y).orElseThrow().backendId();
                c.stop(serverOf(doubled));
                assertArrayEquals(more, store(c.dataBackends()).store.get(ref));
                c.startAll();
            }
        }
    }

    @Test
    void aCorruptShardIsSkippedAndReported() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.USER);
        BlockStoreFixture f = store(c.dataBackends());
        byte[] data = bytes(200_000);
        BlockRef ref = f.store.put(BlockId.random(), data, 0, data.length);
        // Rot a shard inside the backend's data file, then make it the fastest one to ask.
        int victim = 0;
        ShardLocation loc = ref.shard(victim);
        int server = serverOf(loc.backendId());
        byte[] stored = c.client(ZdbCluster.DATA_NS, server).get(f.store.keyOf(ref.blockId(), victim, loc));
        ZdbClusterFiles.flipInside(c.dataFile(ZdbCluster.DATA_NS, server), stored);
        for (StoreBackend b : f.registry.all()) {
            f.registry.recordLatency(b.id(), Duration.ofMillis(b.id().equals(loc.backendId()) ? 0 : 50));
        }
        assertArrayEquals(data, f.store.get(ref));
        ShardProblem p = f.problems.stream().filter(x -> x.shardIndex() == victim).findFirst().orElseThrow(
                () -> new AssertionError("corrupt shard not reported: " + f.problems));
        assertEquals(ShardProblem.Kind.CORRUPT, p.kind());
        assertEquals(loc.backendId(), p.backendId());
    }

    @Test
    void moreThanMBackendsGoneIsAClearError() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.USER);
        BlockStoreFixture f = store(c.dataBackends());
        byte[] data = bytes(100_000);
        BlockRef ref = f.store.put(BlockId.random(), data, 0, data.length);
        c.stop(serverOf(ref.shard(1).backendId()));
        c.stop(serverOf(ref.shard(3).backendId()));
        c.stop(serverOf(ref.shard(4).backendId()));
        NotEnoughShardsException e = assertThrows(NotEnoughShardsException.class, () -> f.store.get(ref));
        assertEquals(List.of(1, 3, 4), e.unusableShards(), e.getMessage());
        assertTrue(e.getMessage().contains("shard 1: ") && e.getMessage().contains("needs 4"), e.getMessage());

        BlockStoreFixture g = store(c.dataBackends());
        NotEnoughBackendsException w = assertThrows(NotEnoughBackendsException.class,
                () -> g.store.put(BlockId.random(), data, 0, data.length));
        assertEquals(3, w.failedShards().size(), w.getMessage());
        assertTrue(w.getMessage().contains("only 3 shards of 6 could be stored and 4 are needed"), w.getMessage());
        assertTrue(w.getMessage().contains("nothing was kept"), w.getMessage());
    }

    /** What the wrapped backend does with a SET (or a GET). */
    private enum SetBehaviour { STORE, REFUSE, HANG }

    /**
     * {@code b} with its SETs (GETs when {@code onGet}) served, refused at once, or held until
     * {@code release} opens; {@code odd} counts those refused or held.
     */
    private static StoreBackend misbehaving(StoreBackend b, String method, java.util.concurrent.atomic.AtomicReference<SetBehaviour> how,
            java.util.concurrent.atomic.AtomicInteger odd, java.util.concurrent.CountDownLatch release) {
        org.qsfs.engine.zdb.ZdbNamespace real = b.namespace();
        org.qsfs.engine.zdb.ZdbNamespace wrapped = (org.qsfs.engine.zdb.ZdbNamespace) java.lang.reflect.Proxy.newProxyInstance(
                BlockStoreTest.class.getClassLoader(), new Class<?>[] {org.qsfs.engine.zdb.ZdbNamespace.class},
                (proxy, m, args) -> {
                    if (m.getName().equals(method) && how.get() != SetBehaviour.STORE) {
                        odd.incrementAndGet();
                        if (how.get() == SetBehaviour.REFUSE) {
                            throw new org.qsfs.engine.zdb.ZdbUnavailableException(real.address(), "refused by the test", null);
                        }
                        release.await();
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new StoreBackend(b.id(), b.group(), wrapped, b.mode());
    }

    /**
     * A store over {@code n} real backends of which the last one's {@code method} calls behave as
     * {@code how} says ({@link #misbehaving}), with a 500 ms shard timeout.
     */
    private record Rigged(BlockStoreFixture f, StoreBackend odd, java.util.concurrent.atomic.AtomicReference<SetBehaviour> how,
            java.util.concurrent.atomic.AtomicInteger oddCalls, java.util.concurrent.CountDownLatch release) {
    }

    private Rigged rigged(int n, String method) throws Exception {
        ZdbCluster c = cluster(n, NamespaceMode.USER);
        var how = new java.util.concurrent.atomic.AtomicReference<>(SetBehaviour.STORE);
        var oddCalls = new java.util.concurrent.atomic.AtomicInteger();
        var release = new java.util.concurrent.CountDownLatch(1);
        List<StoreBackend> backends = new ArrayList<>(c.dataBackends());
        StoreBackend odd = misbehaving(backends.get(n - 1), method, how, oddCalls, release);
        backends.set(n - 1, odd);
        BlockStoreFixture f = store(key, backends, BlockStoreOptions.DEFAULTS.withShardTimeout(Duration.ofMillis(500)));
        return new Rigged(f, odd, how, oddCalls, release);
    }

    @Test
    void shardArraysAreReusedOnlyOnceNoWriteReadsThemAnyMore() throws Exception {
        Rigged r = rigged(7, "set");
        BlockStoreFixture f = r.f();
        var how = r.how();
        var odd = r.oddCalls();
        try {
            // blocks of one size share arrays: each still reads back as its own bytes
            List<byte[]> data = new ArrayList<>();
            List<BlockRef> refs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                data.add(bytes(100_000));
                refs.add(f.store.put(BlockId.random(), data.get(i), 0, 100_000));
                assertTrue(f.store.idleShardBytes() > 0, "put " + i + " gave its arrays back");
            }
            for (int i = 0; i < refs.size(); i++) { // the reads share arrays too
                assertArrayEquals(data.get(i), f.store.get(refs.get(i)), "block " + i);
                assertTrue(f.store.idleShardBytes() > 0, "get " + i + " gave its arrays back");
            }

            // a refused write is over too: the arrays come back
            how.set(SetBehaviour.REFUSE);
            for (int i = 0; i < 20 && odd.get() == 0; i++) {
                long before = f.store.idleShardBytes();
                byte[] d = bytes(100_000);
                BlockRef ref = f.store.put(BlockId.random(), d, 0, d.length);
                assertTrue(f.store.idleShardBytes() >= before, "refused or not, the writes are over");
                assertArrayEquals(d, f.store.get(ref));
            }
            assertTrue(odd.get() > 0, "placement never chose the refusing backend; the test proved nothing");

            // a write given up on while it runs still reads its array: that set is not reused
            f.registry.markHealthy(r.odd().id());
            how.set(SetBehaviour.HANG);
            odd.set(0);
            for (int i = 0; i < 20 && odd.get() == 0; i++) {
                long before = f.store.idleShardBytes();
                byte[] d = bytes(100_000);
                BlockRef ref = f.store.put(BlockId.random(), d, 0, d.length);
                if (odd.get() > 0) {
                    assertTrue(f.store.idleShardBytes() < before, "the hung write's arrays were not given back");
                }
                assertArrayEquals(d, f.store.get(ref));
            }
            assertTrue(odd.get() > 0, "placement never chose the hanging backend; the test proved nothing");
        } finally {
            r.release().countDown();
        }
    }

    @Test
    void aBlockIsReadIntoTheCallersArrayOnlyWhenItFitsExactly() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.USER);
        BlockStoreFixture f = store(c.dataBackends());
        byte[] a = bytes(70_000);
        byte[] b = bytes(70_000);
        BlockRef ra = f.store.put(BlockId.random(), a, 0, a.length);
        BlockRef rb = f.store.put(BlockId.random(), b, 0, b.length);
        byte[] into = new byte[70_000];
        assertSame(into, f.store.get(ra, into));
        assertArrayEquals(a, into);
        assertSame(into, f.store.get(rb, into), "reused for the next block");
        assertArrayEquals(b, into, "all of the previous block overwritten");
        byte[] roomy = new byte[70_001];
        byte[] got = f.store.get(ra, roomy);
        assertNotSame(roomy, got, "another length: a new array");
        assertArrayEquals(a, got);
    }

    @Test
    void aReadGivenUpOnWhileItRunsKeepsItsArrays() throws Exception {
        Rigged r = rigged(6, "get");
        BlockStoreFixture f = r.f();
        var how = r.how();
        var odd = r.oddCalls();
        try {
            List<byte[]> data = new ArrayList<>();
            List<BlockRef> refs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                data.add(bytes(100_000));
                refs.add(f.store.put(BlockId.random(), data.get(i), 0, 100_000));
            }
            how.set(SetBehaviour.HANG);
            for (int i = 0; i < refs.size() && odd.get() == 0; i++) {
                long before = f.store.idleShardBytes();
                assertArrayEquals(data.get(i), f.store.get(refs.get(i)), "read from the other shards");
                if (odd.get() > 0) {
                    assertTrue(f.store.idleShardBytes() < before, "the hung read's arrays were not given back");
                }
            }
            assertTrue(odd.get() > 0, "no read asked the hanging backend; the test proved nothing");
        } finally {
            r.release().countDown();
        }
    }

    @Test
    void aBackendThatNeverAnswersIsReplacedWithinTheTimeout() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.USER);
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, never answer
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<StoreBackend> backends = new ArrayList<>(c.dataBackends());
            ZdbClient hung = c.client(new BackendAddress("127.0.0.1", silent.getLocalPort(), "data", "x"));
            backends.add(new StoreBackend("hung", "site9", hung, NamespaceMode.USER));
            BlockStoreFixture f = store(key, backends,
                    BlockStoreOptions.DEFAULTS.withShardTimeout(Duration.ofMillis(800)));
            long t0 = System.nanoTime();
            boolean usedHung = false;
            for (int i = 0; i < 6; i++) {
                byte[] data = bytes(50_000);
                BlockRef ref = f.store.put(BlockId.random(), data, 0, data.length);
                assertTrue(ref.safe(), ref.toString());
                for (ShardLocation s : ref.shards()) {
                    assertFalse(s.backendId().equals("hung"));
                }
                assertArrayEquals(data, f.store.get(ref));
                usedHung |= f.registry.get("hung").health() != Health.HEALTHY;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
            assertTrue(usedHung, "placement never chose the silent backend; the test proved nothing");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aFullNamespaceAndAWrongPasswordAreReplacedAndReported() throws Exception {
        ZdbCluster c = cluster(8, NamespaceMode.USER);
        try (ZdbAdmin admin = c.admin(2)) {
            admin.setMaxSize(ZdbCluster.DATA_NS, 1000);
        }
        List<StoreBackend> backends = new ArrayList<>(c.dataBackends());
        BackendAddress wrong = new BackendAddress("127.0.0.1", c.port(5), ZdbCluster.DATA_NS, "not-the-password");
        backends.set(5, new StoreBackend(ZdbCluster.id(5), "site2", c.client(wrong), NamespaceMode.USER));
        BlockStoreFixture f = store(backends);
        for (int i = 0; i < 8; i++) {
            byte[] data = bytes(20_000);
            BlockRef ref = f.store.put(BlockId.random(), data, 0, data.length);
            assertTrue(ref.safe(), ref.toString());
            for (ShardLocation s : ref.shards()) {
                assertFalse(s.backendId().equals("b2") || s.backendId().equals("b5"), ref.shards().toString());
            }
            assertArrayEquals(data, f.store.get(ref));
        }
        assertEquals(Health.FULL, f.registry.get("b2").health());
        assertEquals(Health.UNREACHABLE, f.registry.get("b5").health());
        assertTrue(f.registry.get("b5").healthReason().contains("password"), f.registry.get("b5").healthReason());
    }

    @Test
    void theWrongKeyIsAClearError() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.SEQUENTIAL);
        byte[] data = bytes(10_000);
        BlockRef ref = store(c.dataBackends()).store.put(BlockId.random(), data, 0, data.length);
        BlockStoreFixture other = store(MasterKey.generate(), c.dataBackends(), FAST);
        IntegrityException e = assertThrows(IntegrityException.class, () -> other.store.get(ref));
        assertTrue(e.getMessage().contains("key"), e.getMessage());
    }

    @Test
    void deleteRemovesEveryShard() throws Exception {
        ZdbCluster c = cluster(6, NamespaceMode.USER);
        BlockStoreFixture f = store(c.dataBackends());
        byte[] data = bytes(10_000);
        BlockRef ref = f.store.put(BlockId.random(), data, 0, data.length);
        assertEquals(0, f.store.delete(ref));
        for (int i = 0; i < 6; i++) {
            ShardLocation loc = ref.shard(i);
            assertNull(c.client(ZdbCluster.DATA_NS, serverOf(loc.backendId())).get(f.store.keyOf(ref.blockId(), i, loc)));
        }
        assertNotNull(assertThrows(NotEnoughShardsException.class, () -> f.store.get(ref)));
    }
}
