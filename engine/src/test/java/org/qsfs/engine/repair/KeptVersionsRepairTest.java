package org.qsfs.engine.repair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.object.ObjectInfo;
import org.qsfs.engine.object.ObjectVersion;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;
import org.qsfs.engine.store.StoreBackend;

/**
 * Scrub, rebuild and drain cover the kept older contents of objects (overwritten and deleted),
 * not only the current manifests: real zdb-servers on loopback, k=4, m=2.
 */
class KeptVersionsRepairTest {
    private static final int BLOCK = RepairTestSettings.BLOCK;

    @TempDir
    Path dir;
    private final Random random = new Random(23);
    /** Every content ever stored, by "path" (current) or "path@version" (kept). */
    private final Map<String, byte[]> contents = new LinkedHashMap<>();
    private RepairFixture fixture;
    private RepairCluster cluster;
    private StorageEngine engine;
    private RepairService repair;

    @BeforeEach
    void start() throws Exception {
        fixture = new RepairFixture(dir);
        cluster = fixture.cluster;
        engine = fixture.engine;
        repair = fixture.closing(new RepairService(engine, RepairTestSettings.repair(), EventListener.NONE));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private byte[] put(String path, int bytes) throws Exception {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        engine.objects().store(path, new ByteArrayInputStream(data));
        return data;
    }

    /** "doc" written three times (two kept versions), "gone" written then deleted (one kept version). */
    private void storeWithHistory() throws Exception {
        byte[] v1 = put("doc", 3 * BLOCK - 100);
        byte[] v2 = put("doc", 2 * BLOCK + 7);
        contents.put("doc", put("doc", BLOCK / 2));
        byte[] g = put("gone", 2 * BLOCK);
        engine.objects().delete("gone");
        List<ObjectInfo> doc = engine.objects().history("doc");
        assertEquals(2, doc.size());
        contents.put("doc@" + doc.get(0).version(), v1);
        contents.put("doc@" + doc.get(1).version(), v2);
        List<ObjectInfo> gone = engine.objects().history("gone");
        assertEquals(1, gone.size());
        contents.put("gone@" + gone.get(0).version(), g);
    }

    private void assertEverythingReadsBack() throws Exception {
        for (Map.Entry<String, byte[]> c : contents.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = c.getKey().indexOf('@');
            if (at < 0) {
                engine.objects().retrieve(c.getKey(), out);
            } else {
                long v = Long.parseLong(c.getKey().substring(at + 1));
                ObjectInfo info = engine.objects().retrieveVersion(c.getKey().substring(0, at), v, out);
                assertEquals(v, info.version(), "a kept version keeps its number after repair");
            }
            assertArrayEquals(c.getValue(), out.toByteArray(), c.getKey());
        }
    }

    /** Every manifest, current and kept, with its block references. */
    private Map<String, Manifest> allManifests() throws Exception {
        Map<String, Manifest> out = new LinkedHashMap<>();
        for (String p : engine.objects().list()) {
            out.put(p, engine.objects().manifest(p));
        }
        for (ObjectVersion v : engine.objects().versions()) {
            out.put(v.path() + "@" + v.version(), engine.objects().versionManifest(v.path(), v.version()));
        }
        return out;
    }

    private long referencesTo(String backendId, boolean versionsOnly) throws Exception {
        long n = 0;
        for (Map.Entry<String, Manifest> m : allManifests().entrySet()) {
            if (versionsOnly && !m.getKey().contains("@")) {
                continue;
            }
            for (BlockRef ref : m.getValue().blocks()) {
                for (ShardLocation loc : ref.shards()) {
                    n += loc != null && loc.backendId().equals(backendId) ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Test
    void versionsAreListedWithTheirPathsAndNumbers() throws Exception {
        storeWithHistory();
        List<ObjectVersion> versions = engine.objects().versions();
        assertEquals(3, versions.size(), versions.toString());
        List<ObjectInfo> doc = engine.objects().history("doc");
        assertEquals(new ObjectVersion("doc", doc.get(0).version()), versions.get(0));
        assertEquals(new ObjectVersion("doc", doc.get(1).version()), versions.get(1));
        assertEquals("gone", versions.get(2).path());
        assertEquals(List.of("doc"), engine.objects().list());
    }

    @Test
    void rotInAShardOfAnOldVersionIsFoundByScrubAndRebuilt() throws Exception {
        storeWithHistory();
        assertTrue(repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(1.0), null).clean(), "a fresh volume is clean");
        long oldest = engine.objects().history("doc").get(0).version();
        Manifest before = engine.objects().versionManifest("doc", oldest);
        Manifest currentBefore = engine.objects().manifest("doc");
        BlockRef victim = before.blocks().get(1);
        int shard = 4;
        ShardLocation bad = cluster.rot(engine, victim, shard);
        StoreBackend holder = engine.dataBackends().get(bad.backendId());

        ScrubReport s = repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(0), null);
        assertTrue(s.complete());
        assertEquals(1, s.problems(), s.findings().toString());
        ScrubReport.Finding f = s.findings().get(0);
        assertEquals("doc", f.path());
        assertEquals(oldest, f.version());
        assertEquals(1, f.blockIndex());
        assertEquals(shard, f.problem().shardIndex());
        assertEquals(ShardProblem.Kind.CORRUPT, f.problem().kind());
        assertTrue(f.toString().startsWith("doc (version " + oldest + ") block 1: "), f.toString());
        assertEquals(4, s.objects(), "the current manifest and three kept versions");

        RebuildReport r = repair.rebuild(null);
        assertTrue(r.complete(), r.failures().toString());
        assertEquals(1, r.shardsRebuilt());

        BlockRef now = engine.objects().versionManifest("doc", oldest).blocks().get(1);
        assertEquals(victim.blockId(), now.blockId());
        assertNotEquals(bad.backendId(), now.shard(shard).backendId(), "the shard moved off the rotten backend");
        assertEquals(bad.bodyChecksum(), now.shard(shard).bodyChecksum(), "a rebuilt shard is byte-identical");
        List<BlockRef> current = engine.objects().manifest("doc").blocks();
        assertEquals(currentBefore.blocks().size(), current.size());
        for (int i = 0; i < current.size(); i++) {
            assertArrayEquals(currentBefore.blocks().get(i).encode(), current.get(i).encode(), "the current is untouched");
        }
        assertEquals(2, engine.objects().history("doc").size(), "repair adds no version");
        assertEquals(oldest, engine.objects().history("doc").get(0).version());
        assertEquals(null, holder.namespace().get(engine.blocks().keyOf(victim.blockId(), shard, bad)),
                "the rotten copy was deleted");
        assertTrue(repair.scrub(ScrubOptions.DEFAULTS.withSampleRate(1.0), null).clean(), "clean afterwards");
        assertEverythingReadsBack();
    }

    @Test
    void afterDrainingABackendNoManifestCurrentOrKeptRefersToIt() throws Exception {
        storeWithHistory();
        String gone = RepairCluster.id(2);
        long before = referencesTo(gone, false);
        assertTrue(referencesTo(gone, true) > 0, "old versions hold shards on " + gone);

        DrainReport d = repair.drain(gone, null);
        assertTrue(d.complete(), d.toString());
        assertEquals(before, d.shardsMoved());
        assertEquals(4, d.objects());
        assertEquals(0, referencesTo(gone, false), "no manifest, current or kept, references the drained backend");
        assertEquals(0, engine.dataBackends().get(gone).namespace().info().entries(), "its shards were deleted");
        for (Map.Entry<String, Manifest> m : allManifests().entrySet()) {
            for (BlockRef ref : m.getValue().blocks()) {
                assertTrue(ref.safe(), m.getKey() + ": " + ref);
            }
        }
        assertEverythingReadsBack();
    }

    @Test
    void aLostBackendIsRebuiltInOldVersionsToo() throws Exception {
        storeWithHistory();
        String lost = RepairCluster.id(5);
        assertTrue(referencesTo(lost, true) > 0);
        cluster.destroy(5);
        engine.dataBackends().markUnreachable(lost, "destroyed for the test");
        RebuildReport r = repair.rebuild(RebuildOptions.NOW, null);
        assertTrue(r.complete(), r.failures().toString());
        assertEquals(0, referencesTo(lost, false));
        assertEverythingReadsBack();
    }
}
