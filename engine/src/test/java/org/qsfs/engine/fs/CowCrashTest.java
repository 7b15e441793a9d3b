package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM makes fsync'ed rounds of random 4 KiB writes into a file whose blocks are
 * on the backends (copy-on-write, file to file, of safe and hot blocks) and is killed with
 * SIGKILL at random moments. After each kill every 4 KiB chunk of the file holds what the
 * last fsync'ed round left there, or a value of the round that was running: never anything
 * else, and the same after the cache is emptied and every block comes from the backends.
 */
class CowCrashTest {
    static final int RUNS = 6;
    @TempDir
    Path dir;

    static VolumeOptions options(Path state) {
        return VolumeOptions.defaults(state).withBlockSize(256 * 1024).withCache(64L << 20, 0)
                .withUploads(2, Duration.ofMillis(100), 0).withJournal(Duration.ofMillis(300), Duration.ofSeconds(2));
    }

    @Test
    void killedRandomWriterLosesNothingFsynced() throws Exception {
        Path state = dir.resolve("state");
        Random random = new Random();
        Map<String, Integer> lastRound = new HashMap<>();
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            for (int run = 0; run < RUNS; run++) {
                String name = "f" + run;
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        CowCrashWriter.class.getName(), state.toString(), HexFormat.of().formatHex(cluster.keyBytes),
                        name));
                for (int i = 0; i < 6; i++) {
                    cmd.add(Integer.toString(cluster.zdb.port(i)));
                }
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                List<String> lines = new CopyOnWriteArrayList<>();
                CountDownLatch based = new CountDownLatch(1);
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            if (l.endsWith(" -1")) {
                                based.countDown();
                            }
                            lines.add(l);
                        }
                    } catch (java.io.IOException ignored) {
                        // the process died
                    }
                });
                reader.start();
                assertTrue(based.await(120, TimeUnit.SECONDS), "writer did not get its file safe");
                Thread.sleep(300 + random.nextInt(2000));
                p.destroyForcibly(); // SIGKILL
                p.waitFor();
                reader.join();
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
        try (FsVolume vol = FsVolume.open(options(state), cluster.engine())) {
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
