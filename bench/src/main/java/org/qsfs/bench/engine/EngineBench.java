package org.qsfs.bench.engine;

import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.object.EngineSettings;
import org.qsfs.engine.object.ObjectInfo;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.Placement;
import org.qsfs.engine.placement.PlacementPolicy;

/**
 * Issue 3's benchmark: store and retrieve a file (default 1 GiB, random and text-like) over six
 * local zdb-servers with k=4, m=2, beside each codec stage alone in memory, measured in the
 * same run; the heap high-water mark; placement of 1,000 blocks over 1,000 backends.
 *
 * <pre>bench/engine/run.sh [size-MiB]</pre>
 */
public final class EngineBench {
    private static final int BLOCK = 4 << 20;
    private static final int MAX_WARMUP_ROUNDS = 20;

    public static void main(String[] args) throws Exception {
        long sizeMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long size = sizeMiB << 20;
        System.out.printf(Locale.ROOT, "engine benchmark: %d MiB per file, k=4 m=2, %d MiB blocks, %d cores, max heap %d MiB%n",
                sizeMiB, BLOCK >> 20, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        String content = System.getProperty("content", "both"); // random, text or both
        for (boolean text : new boolean[] {false, true}) {
            if (!content.equals("both") && content.equals("random") == text) {
                continue;
            }
            String kind = text ? "text-like" : "random";
            double slowest = Double.NaN; // -Dstages=false: a JVM whose first work is the engine's
            if (!"false".equals(System.getProperty("stages"))) {
                byte[] sample = GeneratedInput.sample(BLOCK, text, 7);
                double zstd = StageBench.zstd(sample);
                double aes = StageBench.aesGcm(sample);
                double rs = StageBench.reedSolomon(sample, 4, 2);
                slowest = Math.min(zstd, Math.min(aes, rs));
                System.out.printf(Locale.ROOT, "%n[%s] stages alone, one core: zstd %.0f MiB/s, AES-256-GCM %.0f MiB/s, "
                        + "Reed-Solomon 4+2 %.0f MiB/s (slowest %.0f)%n", kind, zstd, aes, rs, slowest);
            } else {
                System.out.printf(Locale.ROOT, "%n[%s] stages not measured (-Dstages=false)%n", kind);
            }
            endToEnd(size, text, slowest);
        }
        placement();
    }

    private static void endToEnd(long size, boolean text, double slowestStage) throws Exception {
        Path dir = Files.createTempDirectory("qsfs-bench");
        HeapWatcher heap = new HeapWatcher();
        try (LocalBackends backends = new LocalBackends(dir, 6);
             MasterKey key = MasterKey.generate();
             StorageEngine engine = StorageEngine.open(key, backends.data(), backends.metadata(),
                     EngineSettings.defaults(4, 2).withBlockSize(BLOCK).withBlocksInFlight(Integer.getInteger("inflight", 3)))) {
            warmUp(engine, text);
            heap.start();
            ThreadCpu threads = new ThreadCpu();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            ObjectInfo info = engine.objects().store("bench/file", new GeneratedInput(size, text, 11));
            double storeSecs = (System.nanoTime() - t0) / 1e9;
            double storeCpu = (cpuNanos() - c0) / 1e9;
            threads.report("store", storeCpu);
            DigestingSink sink = new DigestingSink();
            long c1 = cpuNanos();
            long t1 = System.nanoTime();
            engine.objects().retrieve("bench/file", sink);
            double retrieveSecs = (System.nanoTime() - t1) / 1e9;
            double retrieveCpu = (cpuNanos() - c1) / 1e9;
            threads.report("retrieve", retrieveCpu);
            heap.stop();
            InputDigests expected = InputDigests.of(new GeneratedInput(size, text, 11));
            boolean same = expected.crc32c() == sink.crc32c() && expected.sha256Hex().equals(info.sha256Hex());
            double mib = size / (1024.0 * 1024.0);
            double storeRate = mib / storeSecs;
            double retrieveRate = mib / retrieveSecs;
            double gib = size / (1024.0 * 1024.0 * 1024.0);
            System.out.printf(Locale.ROOT, "store    %.0f MiB/s  (%s the slowest stage; target >= 0.5)  safe=%s"
                    + "  [cpu %.1f s/GiB, %.2f cores busy]%n",
                    storeRate, times(storeRate, slowestStage), info.safe(), storeCpu / gib, storeCpu / storeSecs);
            System.out.printf(Locale.ROOT, "retrieve %.0f MiB/s  (%s the slowest stage; target >= 0.5)  identical=%s"
                    + "  [cpu %.1f s/GiB, %.2f cores busy]%n",
                    retrieveRate, times(retrieveRate, slowestStage), same, retrieveCpu / gib, retrieveCpu / retrieveSecs);
            System.out.printf(Locale.ROOT, "heap: store+retrieve of %d MiB completed within a %d MiB heap (target < 512);"
                    + " live data after GC at most %d MiB%n", size >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    heap.maxLiveAfterGc() >> 20);
            if (!same) {
                throw new IllegalStateException("retrieved bytes differ from what was stored");
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static String times(double rate, double slowestStage) {
        return Double.isNaN(slowestStage) ? "?x" : String.format(Locale.ROOT, "%.2fx", rate / slowestStage);
    }

    /**
     * Warms the engine up as the stage baselines are (StageBench): store+retrieve rounds of
     * -Dwarmup=MiB (default 64; 0 for none) until the speed settles, at most
     * {@link #MAX_WARMUP_ROUNDS}. Settled: from the third round on, the JIT compiled for less
     * than a tenth of the round's CPU and the round cost within 10% of the CPU per byte of the
     * one before. CPU, not wall time: on a shared machine the wall rate follows the other load.
     * The JIT alone would not do: per-block methods reach its last tier only after thousands of
     * blocks, so it keeps compiling a little for gigabytes. The figures that follow are thus a
     * long-running daemon's; a cold {@code qsfs store} pays the compiling on top (-Dwarmup=0).
     */
    private static void warmUp(StorageEngine engine, boolean text) throws Exception {
        long mib = Long.getLong("warmup", 64);
        if (mib <= 0) {
            System.out.println("engine warm-up: none (a cold JIT, as in a one-off qsfs store)");
            return;
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        StringBuilder rounds = new StringBuilder();
        double previous = Double.MAX_VALUE;
        int round = 0;
        boolean settled = false;
        while (!settled && round < MAX_WARMUP_ROUNDS) {
            round++;
            long j0 = jit.getTotalCompilationTime();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            engine.objects().store("bench/warm-up", new GeneratedInput(mib << 20, text, 5));
            long t1 = System.nanoTime();
            engine.objects().retrieve("bench/warm-up", OutputStream.nullOutputStream());
            long t2 = System.nanoTime();
            long cpu = cpuNanos() - c0;
            double jitShare = (jit.getTotalCompilationTime() - j0) * 1e6 / cpu;
            double perMib = cpu / (double) mib;
            rounds.append(String.format(Locale.ROOT, " %.0f/%.0f (%.1f, JIT %.0f%%)", mib / ((t1 - t0) / 1e9),
                    mib / ((t2 - t1) / 1e9), perMib * 1024 / 1e9, 100 * jitShare));
            settled = round >= 3 && jitShare < 0.1 && perMib > previous * 0.9;
            previous = perMib;
        }
        System.out.printf(Locale.ROOT, "engine warm-up: %d rounds of %d MiB%s; store/retrieve MiB/s (CPU s/GiB of"
                + " both, JIT's share):%s%n", round, mib, settled ? "" : " (the cap, not settled)", rounds);
    }

    private static void placement() throws Exception {
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            backends.add(new Backend("b" + i, "site" + (i % 20), (1L << 40) + i * 1_000_000L, Health.HEALTHY));
        }
        PlacementPolicy policy = new PlacementPolicy(16, 4, 1);
        for (int round = 0; round < 3; round++) { // the last round is reported, after warm-up
            long t0 = System.nanoTime();
            Placement p = new Placement(policy, backends);
            for (int b = 0; b < 1000; b++) {
                p.choose(BlockId.random());
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (round == 2) {
                System.out.printf(Locale.ROOT, "%nplacement: 1,000 blocks (16+4) over 1,000 backends in 20 sites: %.1f ms (target < 100)%n", ms);
            }
        }
    }

    /**
     * With -Dthreads=true: CPU seconds of each kind of thread (by name, digits dropped) since the
     * last report, from /proc/self/task, so the JVM's own threads (C2 compiler, GC, VM) show too.
     */
    private static final class ThreadCpu {
        private static final Path TASKS = Path.of("/proc/self/task");
        private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
        private final java.util.Map<String, Long> last = new java.util.HashMap<>();

        ThreadCpu() {
            snapshot();
        }

        /** Ticks used per kind of thread since the last snapshot (threads that ended are lost). */
        private java.util.Map<String, Long> snapshot() {
            java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
            if (!Boolean.getBoolean("threads") || !Files.isDirectory(TASKS)) {
                return byKind;
            }
            try (var tasks = Files.list(TASKS)) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(t.resolve("stat"));
                    } catch (java.io.IOException e) {
                        continue; // ended meanwhile
                    }
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
                    String id = t.getFileName().toString();
                    long before = last.getOrDefault(id, 0L);
                    last.put(id, ticks);
                    byKind.merge(stat.substring(open + 1, close).replaceAll("[0-9]+", "N"), ticks - before, Long::sum);
                }
            } catch (java.io.IOException e) {
                return byKind;
            }
            return byKind;
        }

        void report(String phase, double processCpu) {
            java.util.Map<String, Long> byKind = snapshot();
            if (!Boolean.getBoolean("threads")) {
                return;
            }
            StringBuilder sb = new StringBuilder("  " + phase + " cpu by thread:");
            byKind.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                    .filter(e -> e.getValue() > 1)
                    .forEach(e -> sb.append(String.format(Locale.ROOT, " %s %.2f s,", e.getKey(),
                            e.getValue() / (double) TICKS_PER_SECOND)));
            sb.append(String.format(Locale.ROOT, " process %.2f s", processCpu));
            System.out.println(sb);
        }
    }

    /**
     * CPU time of this whole process (client, the six servers, GC): with the machine shared,
     * CPU seconds per GiB say how much work a transfer costs, whatever share of the cores it got.
     */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The input's SHA-256 and CRC32C, from one read of it: what the manifest recorded at store
     * time and the retrieved bytes are checked against.
     */
    private record InputDigests(String sha256Hex, long crc32c) {
        static InputDigests of(GeneratedInput in) throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            CRC32C crc = new CRC32C();
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                sha.update(buf, 0, n);
                crc.update(buf, 0, n);
            }
            return new InputDigests(HexFormat.of().formatHex(sha.digest()), crc.getValue());
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Samples, every 20 ms, what the collector left in use after its last collection (the
     * live data, not garbage awaiting collection); GC is never forced.
     */
    private static final class HeapWatcher {
        private final AtomicLong max = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            // looked up once: asking for the beans every 20 ms built their names anew each time,
            // and compiling that (javax.management.ObjectName) was JIT work in the measured phases
            List<java.lang.management.MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
            thread = new Thread(() -> {
                while (running) {
                    long live = 0;
                    for (java.lang.management.MemoryPoolMXBean pool : pools) {
                        java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
                        if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
                            live += afterGc.getUsed();
                        }
                    }
                    max.accumulateAndGet(live, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long maxLiveAfterGc() {
            return max.get();
        }
    }
}
