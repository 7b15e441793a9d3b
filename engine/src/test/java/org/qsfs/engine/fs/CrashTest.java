package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM writes and fsyncs files and is killed with SIGKILL at random moments, 20
 * times. After each kill the volume opens, every fsync'ed byte is there and the tree is
 * consistent; at the end the upload queue drains.
 */
class CrashTest {
    static final int RUNS = 20;
    @TempDir
    Path dir;

    static VolumeOptions options(Path state) {
        return VolumeOptions.defaults(state).withBlockSize(256 * 1024).withCache(64L << 20, 0)
                .withUploads(2, Duration.ofMillis(100), 0).withJournal(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    @Test
    void killedWriterLosesNothingFsynced() throws Exception {
        Path state = dir.resolve("state");
        Random random = new Random();
        List<String> synced = new ArrayList<>();
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            for (int run = 0; run < RUNS; run++) {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        CrashWriter.class.getName(), state.toString(), HexFormat.of().formatHex(cluster.keyBytes),
                        "r" + run));
                for (int i = 0; i < 6; i++) {
                    cmd.add(Integer.toString(cluster.zdb.port(i)));
                }
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                List<String> lines = new CopyOnWriteArrayList<>();
                CountDownLatch ready = new CountDownLatch(1);
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            if (l.equals("READY")) {
                                ready.countDown();
                            }
                            lines.add(l);
                        }
                    } catch (java.io.IOException ignored) {
                        // the process died
                    }
                });
                reader.start();
                assertTrue(ready.await(60, TimeUnit.SECONDS), "writer did not start");
                Thread.sleep(100 + random.nextInt(900));
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
                reader.join();
                for (String l : lines) {
                    if (l.startsWith("SYNCED ")) {
                        synced.add(l.substring(7));
                    }
                }
                verify(cluster, state, synced, false);
            }
            assertTrue(synced.size() >= RUNS, "too few fsyncs happened: " + synced.size());
            verify(cluster, state, synced, true);
        }
    }

    private static void verify(VolumeCluster cluster, Path state, List<String> synced, boolean drain)
            throws Exception {
        try (FsVolume vol = FsVolume.open(options(state), cluster.engine())) {
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
