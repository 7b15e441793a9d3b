package org.qsfs.engine.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.events.BackendStateChanged;
import org.qsfs.engine.events.EngineEvent;
import org.qsfs.engine.events.ScrubFinished;
import org.qsfs.engine.events.ScrubProgress;
import org.qsfs.engine.events.ShardRepaired;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbAdmin;

/**
 * Health and repair end to end: a {@link RepairService} over a {@link StorageEngine} on real
 * zdb-servers on loopback (k=4, m=2), with bytes flipped in data files, servers stopped and
 * wiped, a drained backend, a full namespace and a paced scrub.
 */
class RepairServiceTest {
    private static final int BLOCK = RepairTestSettings.BLOCK;
    private static final HealthMonitorOptions FAST_MONITOR = HealthMonitorOptions.DEFAULTS
            .withInterval(Duration.ofMillis(100));

    @TempDir
    Path dir;
    private final MasterKey key = MasterKey.generate();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Random random = new Random(11);
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> stored = new HashMap<>();
    private RepairCluster cluster;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RepairCluster cluster(int n) {
        cluster = new RepairCluster(dir.resolve("zdb"), n);
        toClose.add(cluster);
        return cluster;
    }

    private StorageEngine engine(List<StoreBackend> data) throws Exception {
        StorageEngine e = new StorageEngine(key, data, cluster.metadataBackends(), RepairTestSettings.engine(), null);
        toClose.add(e);
        return e;
    }

    private static RepairSettings fastSettings() {
        return RepairTestSettings.repair().withMonitor(FAST_MONITOR);
    }

    private RepairService repair(StorageEngine e) {
        return repair(e, fastSettings());
    }

    private RepairService repair(StorageEngine e, RepairSettings settings) {
        RepairService r = new RepairService(e, settings, events::add);
        toClose.add(r);
        return r;
    }

    /** Stores a few objects of 1..5 blocks and remembers their bytes. */
    private void storeObjects(StorageEngine e, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[BLOCK * (1 + i % 5) - 1000 * i];
            random.nextBytes(data);
            String path = "dir/object-" + i + ".bin";
            e.objects().store(path, new ByteArrayInputStream(data));
            stored.put(path, data);
        }
    }

    private void assertEverythingReadsBack(StorageEngine e) throws Exception {
        for (Map.Entry<String, byte[]> s : stored.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            e.objects().retrieve(s.getKey(), out);
            assertArrayEquals(s.getValue(), out.toByteArray(), s.getKey());
        }
    }

    private List<BlockRef> allBlocks(StorageEngine e) throws Exception {
        List<BlockRef> out = new ArrayList<>();
        for (String p : e.objects().list()) {
            out.addAll(e.objects().manifest(p).blocks());
        }
        return out;
    }

    private long referencesTo(StorageEngine e, String backendId) throws Exception {
        long n = 0;
        for (BlockRef ref : allBlocks(e)) {
            for (ShardLocation loc : ref.shards()) {
                n += loc != null && loc.backendId().equals(backendId) ? 1 : 0;
            }
        }
        return n;
    }

    private void assertAllSafe(StorageEngine e) throws Exception {
        for (String p : e.objects().list()) {
            Manifest m = e.objects().manifest(p);
            for (BlockRef ref : m.blocks()) {
                assertTrue(ref.safe(), p + ": " + ref);
                assertEquals(6, ref.shards().stream().map(ShardLocation::backendId).distinct().count(), p + ": " + ref);
            }
            assertTrue(m.safe(), p);
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static ScrubOptions readEverything() {
        return ScrubOptions.DEFAULTS.withSampleRate(1.0).withBatchBlocks(8);
    }

    @Test
    void flippedBytesAreFoundByScrubRebuiltElsewhereAndTheManifestUpdated() throws Exception {
        RepairCluster c = cluster(7);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        storeObjects(e, 4);
        assertTrue(r.scrub(readEverything(), null).clean(), "a fresh volume scrubs clean");

        // Rot one shard of the second block of object 2 in its backend's data file.
        String path = "dir/object-2.bin";
        BlockRef victim = e.objects().manifest(path).blocks().get(1);
        int shard = 3;
        ShardLocation bad = c.rot(e, victim, shard);
        StoreBackend holder = e.dataBackends().get(bad.backendId());

        // CHECK alone (no read-back) finds exactly that shard.
        List<EngineEvent> progress = new CopyOnWriteArrayList<>();
        ScrubReport s = r.scrub(ScrubOptions.DEFAULTS.withSampleRate(0), progress::add);
        assertTrue(s.complete());
        assertEquals(1, s.problems(), s.findings().toString());
        ScrubReport.Finding f = s.findings().get(0);
        assertEquals(path, f.path());
        assertEquals(1, f.blockIndex());
        assertEquals(shard, f.problem().shardIndex());
        assertEquals(bad.backendId(), f.problem().backendId());
        assertEquals(ShardProblem.Kind.CORRUPT, f.problem().kind());
        assertTrue(progress.stream().anyMatch(x -> x instanceof ScrubProgress));
        assertTrue(progress.get(progress.size() - 1) instanceof ScrubFinished);
        assertEquals(1, r.queue().size());

        RebuildReport rb = r.rebuild(null);
        assertTrue(rb.complete(), rb.failures().toString());
        assertEquals(1, rb.shardsRebuilt());
        assertEquals(0, r.queue().size());
        ShardRepaired repaired = (ShardRepaired) events.stream().filter(x -> x instanceof ShardRepaired)
                .findFirst().orElseThrow();
        assertEquals(bad.backendId(), repaired.fromBackend());
        assertTrue(repaired.blockSafe());

        BlockRef now = e.objects().manifest(path).blocks().get(1);
        assertEquals(victim.blockId(), now.blockId());
        assertNotEquals(bad.backendId(), now.shard(shard).backendId(), "the shard moved off the rotten backend");
        assertEquals(bad.bodyChecksum(), now.shard(shard).bodyChecksum(), "a rebuilt shard is byte-identical");
        for (int i = 0; i < 6; i++) {
            if (i != shard) {
                assertEquals(victim.shard(i), now.shard(i), "other shards stay where they were");
            }
        }
        // The rotten copy was deleted after the manifest pointed elsewhere.
        assertEquals(null, holder.namespace().get(e.blocks().keyOf(victim.blockId(), shard, bad)));

        assertTrue(r.scrub(readEverything(), null).clean(), "a second scrub is clean");
        assertAllSafe(e);
        assertEverythingReadsBack(e);
    }

    @Test
    void aWrongShardThatCheckVouchesForIsCaughtByReadBackAndRewrittenInPlace() throws Exception {
        RepairCluster c = cluster(6); // every backend holds a shard of every block: nowhere else to go
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        byte[] data = new byte[BLOCK * 2];
        random.nextBytes(data);
        e.objects().store("two-blocks", new ByteArrayInputStream(data));
        stored.put("two-blocks", data);
        List<BlockRef> blocks = e.objects().manifest("two-blocks").blocks();
        BlockRef victim = blocks.get(0);
        BlockRef other = blocks.get(1);
        int shard = 2;
        ShardLocation loc = victim.shard(shard);
        StoreBackend holder = e.dataBackends().get(loc.backendId());
        // Shard 2 of the other block: a valid shard, the backend's CRC of it is right, but it is not ours.
        byte[] foreign = e.dataBackends().get(other.shard(shard).backendId()).namespace()
                .get(e.blocks().keyOf(other.blockId(), shard, other.shard(shard)));
        holder.namespace().set(e.blocks().keyOf(victim.blockId(), shard, loc), foreign);

        assertEquals(0, r.scrub(ScrubOptions.DEFAULTS.withSampleRate(0), null).problems(), "CHECK cannot tell");
        ScrubReport s = r.scrub(readEverything(), null);
        assertEquals(1, s.problems(), s.findings().toString());
        assertEquals(ShardProblem.Kind.CORRUPT, s.findings().get(0).problem().kind());
        assertTrue(s.findings().get(0).problem().detail().contains("checksum differs"), s.findings().toString());

        RebuildReport rb = r.rebuild(null);
        assertTrue(rb.complete(), rb.failures().toString());
        assertEquals(1, rb.shardsRebuilt());
        assertEquals(loc, e.objects().manifest("two-blocks").blocks().get(0).shard(shard), "rewritten in place");
        assertTrue(r.scrub(readEverything(), null).clean());
        assertAllSafe(e);
        assertEverythingReadsBack(e);
    }

    @Test
    void theBackgroundLoopRebuildsALostBackendOnItsOwn() throws Exception {
        RepairCluster c = cluster(7);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e, fastSettings().withRebuild(Duration.ofMillis(200),
                new RebuildOptions(Duration.ofMillis(300), false)));
        storeObjects(e, 3);
        r.start();
        c.destroy(2);
        await("nothing refers to b2", Duration.ofSeconds(10), () -> {
            try {
                return referencesTo(e, "b2") == 0;
            } catch (Exception ex) {
                return false;
            }
        });
        assertAllSafe(e);
        assertEverythingReadsBack(e);
        assertTrue(events.stream().anyMatch(x -> x instanceof ShardRepaired s && "b2".equals(s.fromBackend())));
    }

    @Test
    void aLostBackendIsMarkedUnreachableItsShardsRebuiltAndItComesBackHealthy() throws Exception {
        RepairCluster c = cluster(7);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        storeObjects(e, 5);
        r.start();
        await("all backends are probed healthy", Duration.ofSeconds(5), () -> e.dataBackends().all().stream()
                .allMatch(b -> b.health() == Health.HEALTHY && r.monitor().vitals("data", b.id()).probes() > 0));

        String lost = RepairCluster.id(3);
        long before = referencesTo(e, lost);
        assertTrue(before > 0, "b3 holds shards");
        c.destroy(3);
        long t0 = System.nanoTime();
        await("b3 is unreachable", Duration.ofSeconds(3), () -> e.dataBackends().get(lost).health()
                == Health.UNREACHABLE);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "within a few 100 ms intervals");
        // The registry tells its listeners right after the state changes, on the monitor's thread.
        await("an event tells", Duration.ofSeconds(1), () -> events.stream().anyMatch(x ->
                x instanceof BackendStateChanged b && b.backendId().equals(lost) && b.to() == Health.UNREACHABLE
                && b.role().equals("data")));
        assertTrue(r.status().stream().anyMatch(row -> row.id().equals(lost) && row.state().equals("UNREACHABLE")));

        RebuildReport rb = r.rebuild(null);
        assertTrue(rb.complete(), rb.failures().toString());
        assertEquals(before, rb.shardsRebuilt());
        assertEquals(0, referencesTo(e, lost), "no manifest references the lost backend");
        assertAllSafe(e);
        assertEverythingReadsBack(e);

        c.start(3); // a fresh server on the same port
        await("b3 is healthy again", Duration.ofSeconds(5), () -> e.dataBackends().get(lost).health()
                == Health.HEALTHY);
        assertTrue(r.scrub(readEverything(), null).clean());
    }

    @Test
    void drainingABackendMovesEveryShardOffIt() throws Exception {
        RepairCluster c = cluster(7);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        storeObjects(e, 5);
        String gone = RepairCluster.id(1);
        long before = referencesTo(e, gone);
        assertTrue(before > 0);

        List<EngineEvent> progress = new CopyOnWriteArrayList<>();
        DrainReport d = r.drain(gone, progress::add);
        assertTrue(d.complete(), d.toString());
        assertEquals(before, d.shardsMoved());
        assertEquals(5, d.objects());
        assertTrue(progress.stream().anyMatch(x -> x instanceof org.qsfs.engine.events.DrainProgress p
                && p.objectsDone() == 5 && p.shardsMoved() == before));
        assertEquals(0, referencesTo(e, gone), "no manifest references the drained backend");
        assertEquals(Health.FULL, e.dataBackends().get(gone).health(), "a drained backend takes no new shards");
        assertTrue(r.status().stream().anyMatch(row -> row.id().equals(gone) && row.state().equals("DRAINING")));
        assertEquals(0, e.dataBackends().get(gone).namespace().info().entries(), "its shards were deleted");
        assertAllSafe(e);
        assertEverythingReadsBack(e);
        assertThrows(RepairException.class, () -> r.drain("nope", null));

        // New objects avoid it, even while the monitor runs.
        r.start();
        stored.clear();
        storeObjects(e, 2);
        Thread.sleep(300);
        assertEquals(0, referencesTo(e, gone));
    }

    @Test
    void aBackendAlreadyRemovedFromTheConfigurationIsDrainedFromItsAddress() throws Exception {
        RepairCluster c = cluster(7);
        StorageEngine first = engine(c.dataBackends());
        storeObjects(first, 3);
        String gone = RepairCluster.id(6);
        long before = referencesTo(first, gone);
        first.close();

        // The configuration no longer lists b6; it still answers and is drained from its address.
        StorageEngine e = engine(c.dataBackends(6));
        RepairService r = repair(e);
        DrainReport d = r.drain(c.dataBackend(6), null);
        assertTrue(d.complete(), d.toString());
        assertEquals(before, d.shardsMoved());
        assertEquals(0, referencesTo(e, gone));
        assertAllSafe(e);
        assertEverythingReadsBack(e);
    }

    @Test
    void aFullNamespaceIsMarkedFullAndNeverGetsRebuiltShards() throws Exception {
        RepairCluster c = cluster(8);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        storeObjects(e, 5);
        String full = RepairCluster.id(4);
        try (ZdbAdmin admin = c.admin(4)) {
            admin.setMaxSize(RepairCluster.DATA, 1);
        }
        r.start();
        await("b4 is full", Duration.ofSeconds(3), () -> e.dataBackends().get(full).health() == Health.FULL);
        assertTrue(r.status().stream().anyMatch(row -> row.id().equals(full) && row.state().equals("FULL")
                && row.freeBytes() == 0));

        c.destroy(0);
        await("b0 is unreachable", Duration.ofSeconds(3), () -> e.dataBackends().get("b0").health()
                == Health.UNREACHABLE);
        long fullBefore = referencesTo(e, full);
        RebuildReport rb = r.rebuild(null);
        assertTrue(rb.complete(), rb.failures().toString());
        assertTrue(rb.shardsRebuilt() > 0);
        for (EngineEvent x : events) {
            if (x instanceof ShardRepaired s) {
                assertNotEquals(full, s.toBackend(), "a full backend never gets a rebuilt shard");
            }
        }
        assertEquals(fullBefore, referencesTo(e, full));
        assertEquals(0, referencesTo(e, "b0"));
        assertAllSafe(e);
        assertEverythingReadsBack(e);
    }

    @Test
    void blocksWrittenDegradedAreCompletedOnceBackendsReturn() throws Exception {
        RepairCluster c = cluster(7);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        c.stop(5);
        c.stop(6);
        e.dataBackends().markUnreachable("b5", "stopped for the test");
        e.dataBackends().markUnreachable("b6", "stopped for the test");
        storeObjects(e, 2);
        assertFalse(e.objects().manifest("dir/object-1.bin").safe(), "written degraded");
        c.start(5);
        c.start(6);
        r.monitor().probeNow();
        await("b5 and b6 answer", Duration.ofSeconds(5), () -> {
            try {
                r.monitor().probeNow();
            } catch (InterruptedException ex) {
                throw new RuntimeException(ex);
            }
            return e.dataBackends().all().stream().allMatch(b -> b.health() == Health.HEALTHY);
        });
        // The store told the engine's repair queue, without the object's path: rebuild finds it.
        ScrubAndRebuild both = r.scrubAndRebuild(ScrubOptions.DEFAULTS.withPathPrefix("dir/object-1"), null);
        assertTrue(both.complete(), both.toString());
        assertTrue(both.scrub().problems() > 0, "the scrub sees the degraded block too");
        RebuildReport rb = both.rebuild();
        assertTrue(rb.shardsRebuilt() >= 2);
        assertAllSafe(e);
        assertEverythingReadsBack(e);
        assertTrue(r.scrub(readEverything(), null).clean());
    }

    @Test
    void scrubPacingIsHonoured() throws Exception {
        RepairCluster c = cluster(6);
        StorageEngine e = engine(c.dataBackends());
        RepairService r = repair(e);
        storeObjects(e, 4); // 1 + 2 + 3 + 4 = 10 blocks
        long blocks = allBlocks(e).size();
        assertEquals(10, blocks);

        long t0 = System.nanoTime();
        ScrubReport s = r.scrub(ScrubOptions.DEFAULTS.withPace(20, 0).withBatchBlocks(2), null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(blocks, s.blocks());
        assertTrue(seconds >= (blocks - 1) / 20.0 * 0.9, "10 blocks at 20/s took " + seconds + " s");

        long bytesPerBlock = s.bytesChecked() / blocks;
        t0 = System.nanoTime();
        s = r.scrub(ScrubOptions.DEFAULTS.withPace(0, bytesPerBlock * 25), null);
        seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= (blocks - 1) / 25.0 * 0.9, "10 blocks at 25 blocks' worth of bytes/s took "
                + seconds + " s");
        assertTrue(s.clean());
    }
}
