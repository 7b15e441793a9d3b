package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.read;
import static org.qsfs.engine.fs.FsTestSupport.readAll;
import static org.qsfs.engine.fs.FsTestSupport.writeFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.object.StorageEngine;

/** Restore from the backends alone gives the identical tree, contents, modes, times, links. */
class RestoreTest {
    @TempDir
    Path dir;

    static VolumeOptions options(Path state) {
        return VolumeOptions.defaults(state).withBlockSize(256 * 1024).withCache(32L << 20, 0)
                .withUploads(2, Duration.ZERO, 0).withJournal(Duration.ofMillis(200), Duration.ofHours(1));
    }

    @Test
    void restoreRebuildsTheWholeTree() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            Path state = dir.resolve("state");
            Map<String, String> before;
            byte[] big = new byte[1_300_000];
            new Random(7).nextBytes(big);
            try (FsVolume vol = FsVolume.open(options(state), cluster.engine())) {
                FsOperations fs = vol.fs();
                long r = FsOperations.ROOT_INO;
                Attr docs = fs.mkdir(ROOT, r, n("docs"), 0750);
                long a = writeFile(fs, docs.ino(), "a.txt", n("alpha"));
                writeFile(fs, docs.ino(), "big.bin", big);
                fs.link(ROOT, a, r, n("a-link"));
                fs.symlink(ROOT, r, n("sym"), n("docs/a.txt"));
                fs.mknod(ROOT, r, n("fifo"), FileType.FIFO, 0600, 0);
                fs.setattr(ROOT, a, SetAttr.none().withMode(0604).withOwner(1000, 100)
                        .withTimes(1_111_111_111_222_333_444L, 1_500_000_000_123_456_789L));
                fs.setxattr(ROOT, a, "user.tag", n("blue"), 0);
                writeFile(fs, r, "name with spaces\nand newline", n("odd"));
                // a snapshot, then more changes that only the journal holds
                vol.uploads().drain(Duration.ofSeconds(30));
                vol.journal().snapshot();
                Attr sub = fs.mkdir(ROOT, docs.ino(), n("later"), 0700);
                writeFile(fs, sub.ino(), "after-snapshot", n("journal only"));
                fs.rename(ROOT, r, n("fifo"), sub.ino(), n("fifo-moved"), 0);
                long del = writeFile(fs, r, "deleted", n("gone"));
                fs.unlink(ROOT, r, n("deleted"));
                assertTrue(del > 0);
                vol.uploads().drain(Duration.ofSeconds(30));
                vol.journal().flush();
                before = TreeManifest.of(fs);
            }
            try (Stream<Path> s = Files.walk(state)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            try (StorageEngine fresh = cluster.newEngine();
                 FsVolume vol = FsVolume.restore(options(dir.resolve("state2")), fresh)) {
                Map<String, String> after = TreeManifest.of(vol.fs());
                assertEquals(before, after);
                FsOperations fs = vol.fs();
                Attr docs = fs.lookup(ROOT, FsOperations.ROOT_INO, n("docs"));
                assertArrayEquals(big, readAll(fs, fs.lookup(ROOT, docs.ino(), n("big.bin")).ino()));
                // the deleted file's content, kept as a version (its map moved there), comes back too
                java.util.List<VersionOps.FileVersion> kept = vol.versions().history(ROOT, "/deleted");
                VersionOps.FileVersion last = kept.get(kept.size() - 1);
                assertEquals("deleted", last.kind());
                assertEquals("gone", read(vol.versions(), last.ino(), last.version(), 16));
                // the restored volume keeps working and is itself restorable
                writeFile(fs, FsOperations.ROOT_INO, "new-after-restore", n("x"));
            }
        }
    }

    @Test
    void aJournalOfManyEntriesShipsWhole() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            Map<String, String> before;
            try (FsVolume vol = FsVolume.open(options(dir.resolve("state")), cluster.engine())) {
                FsOperations fs = vol.fs();
                vol.journal().snapshot();
                // well over one slice of the shipper's reads (2,000 entries): an entry and an inode each
                for (int i = 0; i < 2_500; i++) {
                    fs.mkdir(ROOT, FsOperations.ROOT_INO, n("d" + i), 0755);
                }
                vol.journal().flush();
                before = TreeManifest.of(fs);
            }
            try (StorageEngine fresh = cluster.newEngine();
                 FsVolume vol = FsVolume.restore(options(dir.resolve("state2")), fresh)) {
                assertEquals(before, TreeManifest.of(vol.fs()));
                assertEquals(2_500, before.size(), "every directory");
            }
        }
    }
}
