package org.qsfs.engine.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsTestSupport;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.VersionOps;
import org.qsfs.engine.fs.VolumeOptions;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;
import org.qsfs.engine.volume.VolumeBlockRefs;

/**
 * Scrub, rebuild (also of what reads report) and drain cover the mounted volume's blocks (its
 * block table in SQLite), kept versions of files included: real zdb-servers on loopback, k=4, m=2.
 */
class VolumeRepairTest {
    private static final int BLOCK = RepairTestSettings.BLOCK;
    private static final Caller ROOT = Caller.ROOT;

    @TempDir
    Path dir;
    private final Random random = new Random(29);
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private RepairFixture fixture;
    private RepairCluster cluster;
    private StorageEngine engine;
    private FsVolume vol;
    private VolumeBlockRefs refs;
    private RepairService repair;

    @BeforeEach
    void start() throws Exception {
        fixture = new RepairFixture(dir);
        cluster = fixture.cluster;
        engine = fixture.engine;
        vol = fixture.closing(FsVolume.open(VolumeOptions.defaults(dir.resolve("state")).withBlockSize(BLOCK)
                .withCache(32L << 20, 0).withUploads(2, Duration.ZERO, 0)
                .withJournal(Duration.ofMillis(200), Duration.ofHours(1)), engine));
        refs = vol.blockRefs();
        // the shipper snapshots the new volume at once, then not again for an hour: wait for that
        // first snapshot so the tests count its chunks among the volume's references every time
        FsTestSupport.awaitFirstSnapshot(vol);
        repair = fixture.closing(new RepairService(engine, RepairTestSettings.repair(), EventListener.NONE, refs));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static byte[] n(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void write(String name, int bytes) throws Exception {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        FsOperations fs = vol.fs();
        long fh;
        try {
            long ino = fs.lookup(ROOT, FsOperations.ROOT_INO, n(name)).ino();
            fh = fs.open(ROOT, ino, OpenFlags.O_RDWR | OpenFlags.O_TRUNC);
        } catch (org.qsfs.engine.fs.FsException e) {
            fh = fs.create(ROOT, FsOperations.ROOT_INO, n(name), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT).fh();
        }
        fs.write(fh, 0, data, 0, data.length);
        fs.release(fh);
        files.put(name, data);
    }

    private byte[] read(String name) throws Exception {
        FsOperations fs = vol.fs();
        return FsTestSupport.readAll(fs, fs.lookup(ROOT, FsOperations.ROOT_INO, n(name)).ino());
    }

    /** Files written, then uploaded (safe), and the cache emptied: every read comes from the backends. */
    private void writeFilesAndUpload() throws Exception {
        write("a.bin", 3 * BLOCK + 100);
        write("b.bin", 2 * BLOCK);
        write("b.bin", BLOCK + 17); // the first content of b.bin is kept as a version
        vol.uploads().drain(Duration.ofSeconds(30));
        vol.cache().evict(Long.MAX_VALUE);
    }

    private void assertFilesReadBack() throws Exception {
        vol.cache().evict(Long.MAX_VALUE);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), read(f.getKey()), f.getKey());
        }
    }

    private List<BlockRefSource.Owned> allRefs() throws Exception {
        List<BlockRefSource.Owned> out = new ArrayList<>();
        String after = null;
        do {
            BlockRefSource.Page p = refs.page(after, 2); // small pages: the cursor is exercised
            out.addAll(p.items());
            after = p.next();
        } while (after != null);
        return out;
    }

    private VersionOps.FileVersion kept() throws Exception {
        return vol.versions().history(ROOT, "/b.bin").stream().filter(v -> !v.current()).findFirst().orElseThrow();
    }

    @Test
    void theVolumeBlocksAreWalkedInPagesKeptVersionsIncluded() throws Exception {
        writeFilesAndUpload();
        List<BlockRefSource.Owned> all = allRefs();
        int chunks = vol.journal().snapshotChunks().size(); // the shipper's first snapshot, if it ran yet
        assertEquals(4 + 2 + 2 + chunks, all.size(), "a.bin: 4 blocks, b.bin: 2, its kept version: 2, snapshot");
        assertTrue(all.stream().map(BlockRefSource.Owned::owner).distinct().count() == all.size());
        BlockRefSource.Owned first = all.get(0);
        List<BlockRefSource.Owned> found = refs.find(first.ref().blockId());
        assertEquals(1, found.size());
        assertEquals(first.owner(), found.get(0).owner());
        assertArrayEquals(first.ref().encode(), found.get(0).ref().encode());
        assertArrayEquals(first.ref().encode(), refs.current(first.owner()).encode());
        assertEquals(2 * BLOCK, kept().size());
    }

    @Test
    void aRottenSnapshotChunkIsRepairedAndTheSnapshotStillRestores() throws Exception {
        writeFilesAndUpload();
        vol.journal().snapshot();
        List<BlockRef> chunks = vol.journal().snapshotChunks();
        assertFalse(chunks.isEmpty());
        String owner = "snapshot/0";
        assertArrayEquals(chunks.get(0).encode(), refs.current(owner).encode());
        assertEquals(owner, refs.find(chunks.get(0).blockId()).get(0).owner());
        ShardLocation bad = cluster.rot(engine, chunks.get(0), 2);

        ScrubReport s = repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(0), null);
        assertEquals(1, s.problems(), s.findings().toString());
        assertEquals("volume block snapshot/0", s.findings().get(0).path());
        RebuildReport r = repair.rebuild(null);
        assertTrue(r.complete(), r.failures().toString());
        assertEquals(1, r.shardsRebuilt());
        BlockRef now = vol.journal().snapshotChunks().get(0);
        assertNotEquals(bad.backendId(), now.shard(2).backendId(), "the index points at the rebuilt shard");
        assertTrue(repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(1.0), null).clean(), "clean afterwards");

        // a fresh machine restores from the repaired snapshot
        vol.journal().flush();
        try (StorageEngine fresh = fixture.freshEngine();
             FsVolume restored = FsVolume.restore(VolumeOptions.defaults(dir.resolve("fresh")).withBlockSize(BLOCK),
                     fresh)) {
            FsOperations fs = restored.fs();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                assertArrayEquals(f.getValue(), FsTestSupport.readAll(fs,
                        fs.lookup(ROOT, FsOperations.ROOT_INO, n(f.getKey())).ino()), f.getKey());
            }
        }
    }

    @Test
    void rotInAVolumeShardIsFoundByScrubRebuiltAndTheBlockMapPointsAtTheNewShard() throws Exception {
        writeFilesAndUpload();
        assertTrue(repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(1.0), null).clean(), "a fresh volume is clean");
        BlockRefSource.Owned victim = allRefs().get(1);
        int shard = 1;
        ShardLocation bad = cluster.rot(engine, victim.ref(), shard);

        ScrubReport s = repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(0), null);
        assertTrue(s.complete());
        assertEquals(1, s.problems(), s.findings().toString());
        ScrubReport.Finding f = s.findings().get(0);
        assertEquals("volume block " + victim.owner(), f.path());
        assertEquals(shard, f.problem().shardIndex());
        assertEquals(ShardProblem.Kind.CORRUPT, f.problem().kind());

        RebuildReport r = repair.rebuild(null);
        assertTrue(r.complete(), r.failures().toString());
        assertEquals(1, r.shardsRebuilt());
        BlockRef now = refs.current(victim.owner());
        assertEquals(victim.ref().blockId(), now.blockId());
        assertNotEquals(bad.backendId(), now.shard(shard).backendId(), "the shard moved off the rotten backend");
        assertEquals(bad.bodyChecksum(), now.shard(shard).bodyChecksum(), "a rebuilt shard is byte-identical");
        for (int i = 0; i < now.k() + now.m(); i++) {
            if (i != shard) {
                assertEquals(victim.ref().shard(i).backendId(), now.shard(i).backendId(), "the other shards stay");
                assertArrayEquals(victim.ref().shard(i).key(), now.shard(i).key(), "the other shards stay");
            }
        }
        assertNull(engine.dataBackends().get(bad.backendId()).namespace().get(
                engine.blocks().keyOf(victim.ref().blockId(), shard, bad)), "the rotten copy was deleted");
        assertTrue(repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(1.0), null).clean(), "clean afterwards");
        assertFilesReadBack();
    }

    @Test
    void aRestoredVolumeSeesTheRebuiltShard() throws Exception {
        writeFilesAndUpload();
        vol.journal().snapshot(); // the snapshot holds the old reference; the journal after it the new one
        BlockRefSource.Owned victim = allRefs().get(2);
        ShardLocation bad = cluster.rot(engine, victim.ref(), 3);
        assertEquals(1, repair.scrubAndRebuild(ScrubOptions.DEFAULTS.withSampleRate(0), null).rebuild()
                .shardsRebuilt());
        BlockRef now = refs.current(victim.owner());
        vol.journal().flush();
        repair.removeSource(refs.name());
        vol.close();
        fixture.closed(vol);
        try (StorageEngine fresh = fixture.freshEngine();
             FsVolume restored = FsVolume.restore(VolumeOptions.defaults(dir.resolve("state2")).withBlockSize(BLOCK)
                     .withCache(32L << 20, 0).withUploads(2, Duration.ZERO, 0), fresh)) {
            BlockRefSource.Owned again = restored.blockRefs().find(victim.ref().blockId()).get(0);
            assertArrayEquals(now.encode(), again.ref().encode(), "the journal carries the new reference");
            assertNotEquals(bad.backendId(), again.ref().shard(3).backendId());
            vol = restored;
            assertFilesReadBack();
        }
    }

    @Test
    void aBadShardFoundByAReadIsRebuiltIntoTheVolume() throws Exception {
        writeFilesAndUpload();
        // the first block of a.bin: data shard 0 is read by every fetch
        BlockRefSource.Owned victim = allRefs().get(0);
        ShardLocation bad = cluster.rot(engine, victim.ref(), 0);
        RebuildReport r;
        int reads = 0;
        do {
            // reads still work (degraded) and report the bad shard; on a loaded machine the reader
            // may pass over a slow-looking backend's data shard, so read until it has read this one
            assertFilesReadBack();
            r = repair.rebuild(null);
            assertTrue(r.complete(), r.failures().toString());
        } while (r.shardsRebuilt() == 0 && ++reads < 20);
        assertEquals(1, r.shardsRebuilt(), r.toString());
        BlockRef now = refs.current(victim.owner());
        assertNotEquals(bad.backendId(), now.shard(0).backendId());
        assertTrue(repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(1.0), null).clean(), "clean afterwards");
        assertFilesReadBack();
    }

    @Test
    void afterDrainingABackendNoVolumeBlockRefersToIt() throws Exception {
        writeFilesAndUpload();
        String gone = RepairCluster.id(2);
        long before = 0;
        for (BlockRefSource.Owned o : allRefs()) {
            for (ShardLocation loc : o.ref().shards()) {
                before += loc != null && loc.backendId().equals(gone) ? 1 : 0;
            }
        }
        assertTrue(before > 0, "the volume holds shards on " + gone);

        DrainReport d = repair.drain(gone, null);
        assertTrue(d.complete(), d.toString());
        assertEquals(before, d.shardsMoved());
        for (BlockRefSource.Owned o : allRefs()) {
            for (ShardLocation loc : o.ref().shards()) {
                assertNotEquals(gone, loc.backendId(), "volume block " + o.owner());
            }
            assertTrue(o.ref().safe(), o.toString());
        }
        assertFilesReadBack();
        VersionOps.FileVersion kept = kept();
        byte[] buf = new byte[(int) kept.size()];
        int got = vol.versions().readVersion(kept.ino(), kept.version(), 0, buf, 0, buf.length);
        assertEquals(buf.length, got);
        assertNotNull(buf);
    }

    @Test
    void aReplaceLosesToAConcurrentChange() throws Exception {
        writeFilesAndUpload();
        BlockRefSource.Owned o = allRefs().get(0);
        // another backend than the one holding shard 0 (placement may have chosen b6 itself)
        String elsewhere = "b6".equals(o.ref().shard(0).backendId()) ? "b5" : "b6";
        BlockRef moved = o.ref().withShard(0, ShardLocation.derived(elsewhere, o.ref().shard(0).bodyChecksum()), true);
        assertFalse(java.util.Arrays.equals(moved.encode(), o.ref().encode()), "the move changes the reference");
        assertTrue(refs.replace(o.owner(), o.ref(), moved));
        assertArrayEquals(moved.encode(), refs.current(o.owner()).encode());
        assertTrue(!refs.replace(o.owner(), o.ref(), o.ref()), "the expected reference is no longer there");
        assertTrue(refs.replace(o.owner(), moved, o.ref()));
        assertFilesReadBack();
    }
}
