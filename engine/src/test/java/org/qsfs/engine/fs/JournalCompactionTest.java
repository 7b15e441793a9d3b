package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.writeFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.meta.MetadataRecord;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.volume.JournalFormat;

/** A snapshot deletes the journal batches it covers; restore still rebuilds the tree, and says so when it cannot. */
class JournalCompactionTest {
    @TempDir
    Path dir;

    /** Writes a file and ships the journal: one more batch on the backends. */
    static void changeAndShip(FsVolume vol, String name) throws Exception {
        writeFile(vol.fs(), FsOperations.ROOT_INO, name, n("content of " + name));
        vol.journal().flush();
    }

    @Test
    void snapshotDeletesCoveredBatchesAndRestoreStillRebuildsTheTree() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            Map<String, String> before;
            String device;
            MetadataStore meta = cluster.engine().metadata();
            try (FsVolume vol = FsVolume.open(RestoreTest.options(dir.resolve("s")), cluster.engine())) {
                device = vol.journal().device();
                // the shipper snapshots a new volume at once (then not for an hour): let that happen
                // first, or it may compact the batches below before they are looked at
                FsTestSupport.awaitFirstSnapshot(vol);
                for (int i = 0; i < 5; i++) {
                    changeAndShip(vol, "before-snapshot-" + i);
                }
                java.util.List<Long> shipped = new java.util.ArrayList<>();
                for (long b = 1; b <= 200; b++) {
                    if (meta.get(JournalFormat.batchName(device, b)) != null) {
                        shipped.add(b);
                    }
                }
                assertTrue(!shipped.isEmpty(), "the changes were shipped as batches");
                vol.uploads().drain(java.time.Duration.ofSeconds(30));
                vol.journal().snapshot();
                for (long b : shipped) {
                    assertNull(meta.get(JournalFormat.batchName(device, b)), "batch " + b + " is covered: deleted");
                    MetadataRecord tomb = meta.getLatest(JournalFormat.batchName(device, b));
                    assertTrue(tomb != null && tomb.deleted(), "batch " + b + " is a tombstone");
                }
                changeAndShip(vol, "after-snapshot");
                fsAttrs(vol.fs());
                vol.uploads().drain(java.time.Duration.ofSeconds(30));
                vol.journal().flush();
                before = TreeManifest.of(vol.fs());
            }
            assertNotNull(meta.get(JournalFormat.snapshotName(device)));
            try (StorageEngine fresh = cluster.newEngine();
                 FsVolume vol = FsVolume.restore(RestoreTest.options(dir.resolve("s2")), fresh)) {
                assertEquals(before, TreeManifest.of(vol.fs()));
                assertTrue(before.keySet().stream().anyMatch(k -> k.contains("before-snapshot-4")), before.toString());
                assertTrue(before.keySet().stream().anyMatch(k -> k.contains("after-snapshot")), before.toString());
            }
            // without the snapshot the compacted journal cannot be replayed: a clear error, not a partial tree
            // (the restored volume is a new device whose first snapshot covers the old stream too: remove all)
            for (String name : meta.list("snap/")) {
                meta.delete(name);
            }
            try (StorageEngine fresh = cluster.newEngine()) {
                IOException e = assertThrows(IOException.class,
                        () -> FsVolume.restore(RestoreTest.options(dir.resolve("s3")), fresh).close());
                assertTrue(e.getMessage().contains("compacted"), e.getMessage());
            }
        }
    }

    private static void fsAttrs(FsOperations fs) throws FsException {
        Attr d = fs.mkdir(ROOT, FsOperations.ROOT_INO, n("dir-after"), 0700);
        writeFile(fs, d.ino(), "inside", n("x"));
    }
}
