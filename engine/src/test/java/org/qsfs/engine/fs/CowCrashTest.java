package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM ({@link CowCrashWriter}) makes fsync'ed rounds of random 4 KiB writes into a file whose blocks are
 * on the backends (copy-on-write, file to file, of safe and hot blocks) and is killed with
 * SIGKILL at random moments by the {@link CrashHarness}. After each kill every 4 KiB chunk of the file holds what the
 * last fsync'ed round left there, or a value of the round that was running: never anything
 * else, and the same after the cache is emptied and every block comes from the backends.
 */
class CowCrashTest {
    static final int RUNS = 6;
    @TempDir
    Path dir;

    /** Killed once its file is safe on the backends (round -1), while it makes its rounds. */
    private static final CrashHarness.Writer WRITER = new CrashHarness.Writer(CowCrashWriter.class,
            l -> l.endsWith(" -1"), Duration.ofSeconds(120), 300, 2000);

    @Test
    void killedRandomWriterLosesNothingFsynced() throws Exception {
        Path state = dir.resolve("state");
        Map<String, Integer> lastRound = new HashMap<>();
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            CrashHarness harness = new CrashHarness(cluster, state);
            for (int run = 0; run < RUNS; run++) {
                String name = "f" + run;
                List<String> lines = harness.killOnce(WRITER, name);
                for (String l : lines) {
                    if (l.startsWith("SYNCED ")) {
                        String[] f = l.split(" ");
                        lastRound.merge(f[1], Integer.parseInt(f[2]), Math::max);
                    }
                }
                verify(cluster, state, lastRound, false);
            }
            assertTrue(lastRound.values().stream().mapToInt(Integer::intValue).sum() >= RUNS,
                    "too few rounds were fsync'ed: " + lastRound);
            verify(cluster, state, lastRound, true);
        }
    }

    private static void verify(VolumeCluster cluster, Path state, Map<String, Integer> lastRound, boolean fromBackends)
            throws Exception {
        try (FsVolume vol = FsVolume.open(CrashHarness.options(state), cluster.engine())) {
            FsOperations fs = vol.fs();
            if (fromBackends) {
                vol.uploads().drain(Duration.ofSeconds(90));
                vol.fileSystem().sync();
                vol.cache().evict(Long.MAX_VALUE);
            }
            for (Map.Entry<String, Integer> e : lastRound.entrySet()) {
                String name = e.getKey();
                Attr a = fs.lookup(Caller.ROOT, FsOperations.ROOT_INO, name.getBytes(StandardCharsets.UTF_8));
                assertEquals(CowCrashWriter.SIZE, a.size(), name);
                byte[] got = FsTestSupport.readAll(fs, a.ino());
                byte[] synced = CowCrashWriter.base(name);
                for (int r = 0; r <= e.getValue(); r++) {
                    for (long[] w : CowCrashWriter.round(name, r)) {
                        System.arraycopy(CowCrashWriter.chunk(w[1]), 0, synced, (int) w[0], 4096);
                    }
                }
                Map<Integer, Set<String>> later = new HashMap<>();
                for (long[] w : CowCrashWriter.round(name, e.getValue() + 1)) {
                    later.computeIfAbsent((int) w[0], k -> new HashSet<>())
                            .add(Arrays.toString(CowCrashWriter.chunk(w[1])));
                }
                for (int off = 0; off < CowCrashWriter.SIZE; off += 4096) {
                    byte[] have = Arrays.copyOfRange(got, off, off + 4096);
                    if (Arrays.equals(have, Arrays.copyOfRange(synced, off, off + 4096))) {
                        continue;
                    }
                    Set<String> ok = later.get(off);
                    assertTrue(ok != null && ok.contains(Arrays.toString(have)), name + ": chunk at " + off
                            + " holds neither its fsync'ed content (round " + e.getValue() + ") nor a later write");
                }
            }
            CrashTest.checkLinkCounts(fs, FsOperations.ROOT_INO);
        }
    }
}
