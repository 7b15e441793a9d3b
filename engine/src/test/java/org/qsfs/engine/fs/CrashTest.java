package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM ({@link CrashWriter}) writes and fsyncs files and is killed with SIGKILL at
 * random moments, 20 times, by the {@link CrashHarness}. After each kill the volume opens,
 * every fsync'ed byte is there, the tree is consistent and every block's reference count
 * matches the file and version maps (the writer also deletes files); at the end the upload
 * queue drains.
 */
class CrashTest {
    static final int RUNS = 20;
    @TempDir
    Path dir;

    private static final CrashHarness.Writer WRITER = new CrashHarness.Writer(CrashWriter.class,
            "READY"::equals, Duration.ofSeconds(60), 100, 900);

    @Test
    void killedWriterLosesNothingFsynced() throws Exception {
        killedWriter(RUNS);
    }

    /** The same, 100 kills (about 10 minutes; each check reads every file fsync'ed so far): {@code mvn -B -Psoak verify}. */
    @Test
    @Tag("soak")
    void killedWriterLosesNothingFsyncedSoak() throws Exception {
        killedWriter(100);
    }

    private void killedWriter(int runs) throws Exception {
        Path state = dir.resolve("state");
        List<String> synced = new ArrayList<>();
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            CrashHarness harness = new CrashHarness(cluster, state);
            for (int run = 0; run < runs; run++) {
                List<String> lines = harness.killOnce(WRITER, "r" + run);
                for (String l : lines) {
                    if (l.startsWith("SYNCED ")) {
                        synced.add(l.substring(7));
                    }
                }
                verify(cluster, state, synced, false);
            }
            assertTrue(synced.size() >= runs, "too few fsyncs happened: " + synced.size());
            verify(cluster, state, synced, true);
        }
    }

    private static void verify(VolumeCluster cluster, Path state, List<String> synced, boolean drain)
            throws Exception {
        try (FsVolume vol = FsVolume.open(CrashHarness.options(state), cluster.engine())) {
            FsOperations fs = vol.fs();
            for (String name : synced) {
                String run = name.substring(0, name.indexOf('-'));
                Attr d = fs.lookup(Caller.ROOT, FsOperations.ROOT_INO, run.getBytes(StandardCharsets.UTF_8));
                Attr f = fs.lookup(Caller.ROOT, d.ino(), name.getBytes(StandardCharsets.UTF_8));
                byte[] expect = CrashWriter.content(name);
                assertEquals(expect.length, f.size(), name);
                assertArrayEquals(expect, FsTestSupport.readAll(fs, f.ino()), name);
            }
            Map<String, String> tree = TreeManifest.of(fs); // every entry resolves, every file reads
            checkLinkCounts(fs, FsOperations.ROOT_INO);
            FsTestSupport.assertBlockCountsAddUp(vol); // deleted files' maps moved into versions included
            assertTrue(tree.size() >= synced.size());
            if (drain) {
                vol.uploads().drain(Duration.ofSeconds(90));
                vol.journal().flush();
            }
        }
    }

    /** A directory's link count is 2 plus its subdirectories. */
    static void checkLinkCounts(FsOperations fs, long dir) throws Exception {
        int subdirs = 0;
        for (DirEntry e : fs.readdir(Caller.ROOT, dir, 2, Integer.MAX_VALUE)) {
            if (e.type() == FileType.DIRECTORY) {
                subdirs++;
                checkLinkCounts(fs, e.ino());
            } else {
                assertTrue(fs.getattr(e.ino()).nlink() >= 1);
            }
        }
        assertEquals(2 + subdirs, fs.getattr(dir).nlink(), "link count of directory " + dir);
    }
}
