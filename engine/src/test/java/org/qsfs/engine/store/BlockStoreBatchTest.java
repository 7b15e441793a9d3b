package org.qsfs.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.ZdbAdmin;
import org.qsfs.engine.zdb.ZdbClient;

/**
 * {@link BlockStore#putAll}: several blocks' shards written per backend in one pipelined batch,
 * against real zdb-servers on loopback (k=4, m=2). Every block must end as a single put would
 * leave it: safe, with its own shards on distinct backends, reading back the same bytes,
 * whatever one backend does during the batch.
 */
class BlockStoreBatchTest {
    private static final PlacementPolicy POLICY = new PlacementPolicy(4, 2, 0);
    private static final int BLOCKS = 8;

    @TempDir
    Path dir;
    private final MasterKey key = MasterKey.generate();
    private final Random random = new Random(7);
    /** Closed after each test, last opened first. */
    private final java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>();

    @AfterEach
    void closeOpened() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        opened.push(resource);
        return resource;
    }

    private BlockStoreFixture store(List<StoreBackend> backends, Duration shardTimeout) {
        return closing(new BlockStoreFixture(key, backends, POLICY,
                BlockStoreOptions.DEFAULTS.withShardTimeout(shardTimeout)));
    }

    private List<BlockStore.Put> blocks(int n, int len) {
        List<BlockStore.Put> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[len + i];
            random.nextBytes(data);
            out.add(new BlockStore.Put(BlockId.random(), data, 0, data.length));
        }
        return out;
    }

    /** Every block safe, on six distinct backends, and read back unchanged; returns the refs. */
    private static List<BlockRef> assertAllSafe(BlockStoreFixture f, List<BlockStore.Put> puts,
            List<BlockStore.Stored> stored) throws Exception {
        assertEquals(puts.size(), stored.size());
        List<BlockRef> refs = new ArrayList<>();
        for (int i = 0; i < puts.size(); i++) {
            BlockStore.Stored s = stored.get(i);
            assertNull(s.failure(), () -> s.failure().getMessage());
            BlockRef ref = s.ref();
            assertTrue(ref.safe(), ref.toString());
            assertEquals(puts.get(i).id(), ref.blockId());
            assertEquals(6, ref.shards().stream().map(ShardLocation::backendId).distinct().count(), ref.toString());
            BlockStore.Put p = puts.get(i);
            assertArrayEquals(java.util.Arrays.copyOfRange(p.data(), p.off(), p.off() + p.len()),
                    f.store.get(BlockRef.decode(ref.encode())));
            refs.add(ref);
        }
        return refs;
    }

    private static long shardsOn(List<BlockRef> refs, String backendId) {
        return refs.stream().flatMap(r -> r.shards().stream()).filter(s -> s.backendId().equals(backendId)).count();
    }

    /** A store over the cluster's backends, backend {@code i} reached through {@code relay}. */
    private BlockStoreFixture storeWithRelay(ZdbCluster c, int i, FaultyRelay relay, Duration shardTimeout) {
        BackendAddress a = new BackendAddress("127.0.0.1", relay.port(), ZdbCluster.DATA_NS,
                ZdbCluster.password(ZdbCluster.DATA_NS, i));
        List<StoreBackend> backends = new ArrayList<>(c.dataBackends());
        backends.set(i, new StoreBackend(ZdbCluster.id(i), "site" + (i % 3), c.client(a), NamespaceMode.USER));
        return store(backends, shardTimeout);
    }

    private FaultyRelay relay(ZdbCluster c, int i) throws IOException {
        return closing(new FaultyRelay(c.port(i)));
    }

    @ParameterizedTest
    @EnumSource(NamespaceMode.class)
    void aBatchRoundTripsInBothNamespaceModes(NamespaceMode mode) throws Exception {
        ZdbCluster c = closing(new ZdbCluster(dir, 6, mode));
        BlockStoreFixture f = store(c.dataBackends(), Duration.ofSeconds(2));
        List<BlockStore.Put> puts = new ArrayList<>(blocks(5, 3000));
        puts.add(new BlockStore.Put(BlockId.random(), new byte[0], 0, 0));
        byte[] padded = new byte[1010];
        random.nextBytes(padded);
        puts.add(new BlockStore.Put(BlockId.random(), padded, 5, 1000));
        List<BlockRef> refs = assertAllSafe(f, puts, f.store.putAll(puts));
        for (BlockRef r : refs) {
            for (ShardLocation s : r.shards()) {
                assertEquals(mode == NamespaceMode.USER, s.derived());
            }
        }
        assertTrue(f.problems.isEmpty(), f.problems.toString());
    }

    @Test
    void aBackendDownBeforeTheBatchHasItsShardsReplaced() throws Exception {
        ZdbCluster c = closing(new ZdbCluster(dir, 7, NamespaceMode.USER));
        c.stop(4);
        BlockStoreFixture f = store(c.dataBackends(), Duration.ofSeconds(2));
        List<BlockStore.Put> puts = blocks(BLOCKS, 20_000);
        List<BlockRef> refs = assertAllSafe(f, puts, f.store.putAll(puts));
        assertEquals(0, shardsOn(refs, "b4"));
        assertEquals(Health.UNREACHABLE, f.registry.get("b4").health());
        assertTrue(f.problems.isEmpty(), f.problems.toString());
    }

    @Test
    void aSlowBackendsShardsAreReplacedWithinTheTimeoutAndItIsRankedDown() throws Exception {
        ZdbCluster c = closing(new ZdbCluster(dir, 7, NamespaceMode.USER));
        FaultyRelay relay = relay(c, 3);
        BlockStoreFixture f = storeWithRelay(c, 3, relay, Duration.ofMillis(500));
        relay.delayReplies(3000);
        List<BlockStore.Put> puts = blocks(BLOCKS, 20_000);
        long t0 = System.nanoTime();
        List<BlockStore.Stored> stored = f.store.putAll(puts);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
        List<BlockRef> refs = assertAllSafe(f, puts, stored);
        assertEquals(0, shardsOn(refs, "b3"), "a shard was kept on the backend that answered too late");
        assertEquals(Health.DEGRADED, f.registry.get("b3").health());
        assertTrue(f.registry.get("b3").healthReason().startsWith("slow"), f.registry.get("b3").healthReason());
    }

    @Test
    void aBackendFailingMidwayKeepsWhatItAcknowledgedAndTheRestIsReplaced() throws Exception {
        ZdbCluster c = closing(new ZdbCluster(dir, 7, NamespaceMode.USER));
        FaultyRelay relay = relay(c, 3);
        BlockStoreFixture f = storeWithRelay(c, 3, relay, Duration.ofSeconds(2));
        List<BlockStore.Put> warm = blocks(2, 100);
        assertAllSafe(f, warm, f.store.putAll(warm)); // the pooled connections are open: the cut hits SETs only
        // a loaded machine can make the relayed backend look slow in the warm-up: placement would
        // then leave it out of every block (7 backends, 6 shards) and nothing would reach the cut
        f.registry.markHealthy("b3");

        // each shard of a 20,000-byte random block is ~5 KB: two and a half of them get through
        relay.cutAfter(13_000);
        List<BlockStore.Put> puts = blocks(BLOCKS, 20_000);
        List<BlockRef> refs = assertAllSafe(f, puts, f.store.putAll(puts));
        assertTrue(relay.cut(), "the batch never reached the cut");
        long kept = shardsOn(refs, "b3");
        assertTrue(kept >= 1 && kept <= 3, kept + " shards kept on the backend that failed midway");
        assertEquals(Health.UNREACHABLE, f.registry.get("b3").health());
        // what it acknowledged is really there
        ZdbClient direct = c.client(ZdbCluster.DATA_NS, 3);
        for (BlockRef r : refs) {
            for (int i = 0; i < 6; i++) {
                if (r.shard(i).backendId().equals("b3")) {
                    assertTrue(direct.exists(f.store.keyOf(r.blockId(), i, r.shard(i))));
                }
            }
        }
    }

    @Test
    void aBackendFillingUpMidwayHasItsRefusedShardsReplaced() throws Exception {
        ZdbCluster c = closing(new ZdbCluster(dir, 7, NamespaceMode.USER));
        try (ZdbAdmin admin = c.admin(2)) {
            admin.setMaxSize(ZdbCluster.DATA_NS, 12_000); // room for two ~5 KB shards
        }
        BlockStoreFixture f = store(c.dataBackends(), Duration.ofSeconds(2));
        List<BlockStore.Put> puts = blocks(BLOCKS, 20_000);
        List<BlockRef> refs = assertAllSafe(f, puts, f.store.putAll(puts));
        long kept = shardsOn(refs, "b2");
        assertTrue(kept >= 1 && kept <= 2, kept + " shards kept on the namespace that filled up");
        assertEquals(Health.FULL, f.registry.get("b2").health());
        assertFalse(f.registry.get("b2").healthReason().isEmpty());
    }
}
