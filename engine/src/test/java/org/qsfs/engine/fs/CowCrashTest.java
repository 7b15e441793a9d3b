package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.cache.StoreBlockBackend;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Tables;

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
        killedRandomWriter(RUNS);
    }

    /** The same, 100 kills (about 4 minutes): {@code mvn -B -Psoak verify}. */
    @Test
    @Tag("soak")
    void killedRandomWriterLosesNothingFsyncedSoak() throws Exception {
        killedRandomWriter(100);
    }

    private void killedRandomWriter(int runs) throws Exception {
        Path state = dir.resolve("state");
        Map<String, Integer> lastRound = new HashMap<>();
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            CrashHarness harness = new CrashHarness(cluster, state);
            for (int run = 0; run < runs; run++) {
                String name = "f" + run;
                List<String> lines = harness.killOnce(WRITER, name);
                for (String l : lines) {
                    if (l.startsWith("SYNCED ")) {
                        String[] f = l.split(" ");
                        lastRound.merge(f[1], Integer.parseInt(f[2]), Math::max);
                    }
                }
                verify(cluster, harness, state, lastRound, false);
            }
            assertTrue(lastRound.values().stream().mapToInt(Integer::intValue).sum() >= runs,
                    "too few rounds were fsync'ed: " + lastRound);
            verify(cluster, harness, state, lastRound, true);
        }
    }

    private static void verify(VolumeCluster cluster, CrashHarness harness, Path state, Map<String, Integer> lastRound,
            boolean fromBackends) throws Exception {
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
                List<Integer> bad = new ArrayList<>();
                for (int off = 0; off < CowCrashWriter.SIZE; off += 4096) {
                    byte[] have = Arrays.copyOfRange(got, off, off + 4096);
                    if (Arrays.equals(have, Arrays.copyOfRange(synced, off, off + 4096))) {
                        continue;
                    }
                    Set<String> ok = later.get(off);
                    if (ok == null || !ok.contains(Arrays.toString(have))) {
                        bad.add(off);
                    }
                }
                if (!bad.isEmpty()) {
                    fail(name + ": chunk at " + bad.get(0) + " holds neither its fsync'ed content (round "
                            + e.getValue() + ") nor a later write\n" + explain(vol, cluster, harness, name, a.ino(),
                            e.getValue(), got, synced, bad, fromBackends));
                }
            }
            CrashTest.checkLinkCounts(fs, FsOperations.ROOT_INO);
        }
    }

    /**
     * What went wrong, for the failure message: what each bad chunk holds (the base content, a
     * write of which round, zeros), the block row of its index, what its cache file and its
     * backend copy hold there, and the writer's warnings.
     */
    private static String explain(FsVolume vol, VolumeCluster cluster, CrashHarness harness, String name, long ino,
            int round, byte[] got, byte[] synced, List<Integer> bad, boolean fromBackends) {
        StringBuilder m = new StringBuilder();
        m.append(bad.size()).append(" bad chunks (read ").append(fromBackends ? "from the backends" : "through the cache")
                .append(")\n");
        int bs = vol.options().blockSize();
        Set<Long> blocksShown = new HashSet<>();
        for (int off : bad.subList(0, Math.min(bad.size(), 8))) {
            m.append("  chunk ").append(off).append(" (block index ").append(off / bs).append(" + ")
                    .append(off % bs).append("): holds ").append(identify(name, off, slice(got, off), synced, round))
                    .append('\n');
            long idx = off / bs;
            if (blocksShown.add(idx)) {
                m.append("    ").append(blockState(vol, cluster, name, ino, idx, off, synced, round)).append('\n');
            }
        }
        m.append("  the writer's warnings:");
        for (String l : harness.warnings(name)) {
            m.append("\n    ").append(l);
        }
        return m.toString();
    }

    private static byte[] slice(byte[] b, int off) {
        return Arrays.copyOfRange(b, off, Math.min(b.length, off + 4096));
    }

    /** Which content a chunk read at {@code off} is: fsync'ed, base, a round's write (at which offset), zeros, or unknown. */
    static String identify(String name, int off, byte[] have, byte[] synced, int round) {
        if (Arrays.equals(have, slice(synced, off))) {
            return "its fsync'ed content";
        }
        byte[] base = CowCrashWriter.base(name);
        if (Arrays.equals(have, slice(base, off))) {
            return "the base content (written before round 0)";
        }
        List<String> found = new ArrayList<>();
        for (int r = 0; r <= round + 3; r++) {
            for (long[] w : CowCrashWriter.round(name, r)) {
                if (Arrays.equals(have, CowCrashWriter.chunk(w[1]))) {
                    found.add("round " + r + "'s write" + (w[0] == off ? "" : " at " + w[0]));
                }
            }
        }
        if (!found.isEmpty()) {
            return String.join(" = ", found);
        }
        for (int o = 0; o < CowCrashWriter.SIZE; o += 4096) {
            if (Arrays.equals(have, slice(base, o))) {
                return "the base content of offset " + o;
            }
        }
        if (Arrays.equals(have, new byte[have.length])) {
            return "zeros";
        }
        int same = 0;
        byte[] want = slice(synced, off);
        for (int k = 0; k < have.length; k++) {
            same += have[k] == want[k] ? 1 : 0;
        }
        return "unknown bytes (" + same + " of " + have.length + " equal the fsync'ed content)";
    }

    /** The row of the block at index {@code idx}, and what its cache file and backend copy hold at {@code off}. */
    private static String blockState(FsVolume vol, VolumeCluster cluster, String name, long ino, long idx, int off,
            byte[] synced, int round) {
        try {
            Tables t = vol.tables();
            BlockRow b = t.db.read(() -> {
                long id = t.blocks.mapped(ino, idx);
                return id < 0 ? null : t.blocks.get(id);
            });
            if (b == null) {
                return "index " + idx + " is a hole";
            }
            int in = (int) (off - idx * vol.options().blockSize());
            StringBuilder s = new StringBuilder("block id " + b.id() + ": state " + b.state() + " (0 dirty, 1 uploading,"
                    + " 2 safe, 3 missing), len " + b.len() + ", refs " + b.refs() + ", cached " + b.cached()
                    + ", crc " + b.crc() + ", ref " + (b.ref() == null ? "none" : "set"));
            byte[] file = new byte[b.len()];
            int n = vol.cache().files().read(b.id(), 0, file, 0, b.len());
            s.append("; cache file: ").append(n).append(" bytes, crc ").append(BlockCache.crc(file, n));
            if (n >= in + 4096) {
                s.append(", the chunk there: ").append(identify(name, off, slice(file, in), synced, round));
            }
            if (b.ref() != null) {
                byte[] stored = new StoreBlockBackend(cluster.engine().blocks()).get(b.ref());
                s.append("; backend copy: ").append(stored.length).append(" bytes, crc ")
                        .append(BlockCache.crc(stored, stored.length));
                if (stored.length >= in + 4096) {
                    s.append(", the chunk there: ").append(identify(name, off, slice(stored, in), synced, round));
                }
            }
            return s.toString();
        } catch (Exception e) {
            return "block at index " + idx + ": cannot tell (" + e + ")";
        }
    }
}
