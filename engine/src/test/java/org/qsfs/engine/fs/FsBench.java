package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The filesystem benchmark (bench/fs/run.sh): the fs API against the local disk in the same
 * run. Sizes from system properties: {@code bench.seqMiB} (2048), {@code bench.files}
 * (100000), {@code bench.coldMiB} (512), {@code bench.reps} (2).
 *
 * <p>Each workload runs on the local disk and through the fs API back to back, each timed
 * phase after a {@code sync} (so neither side starts with the other's dirty pages being
 * written back). The 2 GiB write and read run {@code bench.reps} times, alternating local and
 * fs (the side that goes first alternates), and the best of each side counts (the machine is
 * shared; each side deletes its file after reading it, so page cache use does not pile up). Local disk: FileChannel
 * 128 KiB writes/reads into one file without fsync, page cache warm for the read; the fs API
 * writes the same 128 KiB calls into its cache (uploads paused: only the local path is
 * measured) and reads them back as cache hits.
 */
public final class FsBench {
    private static final int IO = 128 * 1024;
    /** Block size of the volumes (bench.blockKiB): by default the drive's, block_size of the configuration. */
    private static final int BLOCK = Integer.getInteger("bench.blockKiB", (int) (org.qsfs.engine.config.QsfsConfig.DEFAULT_BLOCK_SIZE >> 10)) * 1024;
    private static final int SMALL = 4096;

    private FsBench() {
    }

    public static void main(String[] args) throws Exception {
        long seq = Long.getLong("bench.seqMiB", 2048) << 20;
        int files = Integer.getInteger("bench.files", 100_000);
        long cold = Long.getLong("bench.coldMiB", 512) << 20;
        int reps = Integer.getInteger("bench.reps", 2);
        long randBytes = Long.getLong("bench.randMiB", 1024) << 20;
        int randSecs = Integer.getInteger("bench.randSecs", 20);
        long pacedBytes = Long.getLong("bench.pacedMiB", 256) << 20;
        int pacedIops = Integer.getInteger("bench.pacedIops", 500);
        Path root = Files.createTempDirectory("qsfs-bench");
        byte[] buf = new byte[IO];
        new Random(1).nextBytes(buf);
        byte[] small = new byte[SMALL];
        new Random(3).nextBytes(small);
        double lw = Double.MAX_VALUE;
        double lr = Double.MAX_VALUE;
        double fw = Double.MAX_VALUE;
        double fr = Double.MAX_VALUE;
        double lc;
        double ls;
        double ld;
        double lsw;
        double fc;
        double fst;
        double fd;
        double fsw;
        double cr;
        double[] lrand;
        double[] frand;
        double[] fpaced;
        try (VolumeCluster cluster = new VolumeCluster(root)) {
            // Retention.NONE: an unlinked 2 GiB file frees its cache files (and page cache) before the next run
            VolumeOptions o = VolumeOptions.defaults(root.resolve("vol")).withBlockSize(BLOCK).withCache(seq + (1L << 30), 0)
                    .withUploads(2, Duration.ofMillis(200), 0).withRetention(org.qsfs.engine.volume.Retention.NONE);
            try (FsVolume vol = FsVolume.open(o, cluster.engine())) {
                vol.uploads().pause();
                FsOperations fs = vol.fs();
                // --- 2 GiB sequential write and cached read; the side that goes first alternates ---
                double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
                for (int rep = 0; rep < reps; rep++) {
                    for (int side = 0; side < 2; side++) {
                        if ((side + rep) % 2 == 0) {
                            localSeq(root.resolve("local" + rep + ".bin"), seq, buf, best);
                        } else {
                            fsSeq(vol, "seq" + rep, seq, buf, best);
                        }
                    }
                }
                lw = best[0];
                lr = best[1];
                fw = best[2];
                fr = best[3];

                // --- 100,000 files: create, stat, delete; then create+write 4 KiB+close ---
                Path ldir = Files.createDirectories(root.resolve("localfiles"));
                long d = fs.mkdir(Caller.ROOT, FsOperations.ROOT_INO, b("many"), 0755).ino();
                sync();
                lc = time(() -> {
                    for (int i = 0; i < files; i++) {
                        Files.createFile(ldir.resolve("f" + i));
                    }
                });
                sync();
                fc = time(() -> {
                    for (int i = 0; i < files; i++) {
                        fs.release(fs.create(Caller.ROOT, d, b("f" + i), 0644, OpenFlags.O_WRONLY
                                | OpenFlags.O_CREAT).fh());
                    }
                });
                ls = time(() -> {
                    for (int i = 0; i < files; i++) {
                        Files.readAttributes(ldir.resolve("f" + i), "unix:mode,size");
                    }
                });
                fst = time(() -> {
                    for (int i = 0; i < files; i++) {
                        fs.lookup(Caller.ROOT, d, b("f" + i));
                    }
                });
                sync();
                ld = time(() -> {
                    for (int i = 0; i < files; i++) {
                        Files.delete(ldir.resolve("f" + i));
                    }
                });
                sync();
                fd = time(() -> {
                    for (int i = 0; i < files; i++) {
                        fs.unlink(Caller.ROOT, d, b("f" + i));
                    }
                });
                sync();
                lsw = time(() -> {
                    for (int i = 0; i < files; i++) {
                        try (FileChannel ch = FileChannel.open(ldir.resolve("s" + i), StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE)) {
                            ch.write(ByteBuffer.wrap(small), 0);
                        }
                    }
                });
                sync();
                fsw = time(() -> {
                    for (int i = 0; i < files; i++) {
                        long fh = fs.create(Caller.ROOT, d, b("s" + i), 0644, OpenFlags.O_WRONLY | OpenFlags.O_CREAT
                                | OpenFlags.O_EXCL).fh();
                        fs.write(fh, 0, small, 0, SMALL);
                        fs.release(fh);
                    }
                });
            }

            // --- random 4 KiB reads and writes (50/50) in files that were written and uploaded ---
            lrand = localRandom(root.resolve("localrand"), randBytes, randSecs);
            try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(root.resolve("rand")).withBlockSize(BLOCK)
                    .withCache(3 * randBytes + (256L << 20), 0), cluster.engine())) {
                frand = fsRandom(vol, randBytes, randSecs);
            }
            try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(root.resolve("paced")).withBlockSize(BLOCK)
                    .withCache(3 * pacedBytes + (256L << 20), 0), cluster.engine())) {
                fpaced = fsPaced(vol, pacedBytes, pacedIops, randSecs);
            }

            // --- cold reads from six local zdb-servers ---
            try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(root.resolve("cold")).withBlockSize(BLOCK).withCache(2L << 30, 0)
                    .withUploads(4, Duration.ZERO, 0).withPrefetch(16), cluster.engine())) {
                FsOperations fs = vol.fs();
                FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, b("cold"), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                Random r = new Random(2);
                byte[] rnd = new byte[IO];
                for (long off = 0; off < cold; off += IO) {
                    r.nextBytes(rnd);
                    fs.write(c.fh(), off, rnd, 0, IO);
                }
                vol.uploads().drain(Duration.ofMinutes(30));
                vol.cache().evict(Long.MAX_VALUE);
                sync();
                byte[] rb = new byte[IO];
                cr = time(() -> {
                    for (long off = 0; off < cold; off += IO) {
                        fs.read(c.fh(), off, rb, 0, IO);
                    }
                });
                fs.release(c.fh());
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        double mib = seq / (double) (1 << 20);
        System.out.println();
        System.out.printf("%-38s %14s %14s %8s%n", "workload", "qsfs fs API", "local disk", "ratio");
        row("sequential write " + (seq >> 20) + " MiB (MiB/s)", mib / fw, mib / lw);
        row("sequential read, cache hit (MiB/s)", mib / fr, mib / lr);
        row("create " + files + " files (/s)", files / fc, files / lc);
        row("stat " + files + " files (/s)", files / fst, files / ls);
        row("delete " + files + " files (/s)", files / fd, files / ld);
        row("create+write 4 KiB+close " + files + " (/s)", files / fsw, files / lsw);
        row("random 4 KiB r/w 50/50, " + RAND_THREADS + " threads (IOPS)", frand[0], lrand[0]);
        System.out.printf("%-38s %14.0f %14s %8s%n", "  re-uploaded meanwhile (MiB)", frand[1], "-", "-");
        System.out.printf("%-38s %14.0f %14s %8s%n", "paced " + pacedIops + " IOPS, " + (pacedBytes >> 20)
                + " MiB: re-up. MiB", fpaced[0], "-", "-");
        System.out.printf("%-38s %14.1f %14s %8s%n", "  CPU seconds of the process", fpaced[1], "-", "-");
        System.out.printf("%-38s %14.0f %14s %8s%n", "cold read " + (cold >> 20) + " MiB, 6 zdb (MiB/s)",
                (cold >> 20) / cr, "-", "-");
        System.out.println("(best of " + reps + " alternating runs for the sequential write and read; sync before"
                + " each timed phase; create = create + close of an empty file, stat = lookup; cold read: cache"
                + " emptied, blocks fetched and decoded from six local zdb-servers, k=4 m=2, prefetch 16; random:"
                + " " + (randBytes >> 20) + " MiB in " + RAND_THREADS + " files written, uploaded (fs) and reopened,"
                + " then " + randSecs + " s of 4 KiB reads and writes at random aligned offsets, uploads running"
                + " with the default settle time; paced: the same at " + pacedIops + " IOPS in " + (pacedBytes >> 20)
                + " MiB, the rate at which blocks settle between writes, uploads and CPU counted)");
        System.exit(0);
    }

    private static final int RAND_THREADS = 4;

    private interface RandomIo {
        void io(int file, boolean write, long off, byte[] b) throws Exception;
    }

    /** {@link #RAND_THREADS} threads, each on its own file, 4 KiB at random aligned offsets, half reads. */
    private static long randomOps(long fileBytes, int secs, RandomIo io) throws Exception {
        long end = System.nanoTime() + secs * 1_000_000_000L;
        java.util.concurrent.atomic.AtomicLong ops = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] ts = new Thread[RAND_THREADS];
        for (int t = 0; t < RAND_THREADS; t++) {
            int file = t;
            ts[t] = new Thread(() -> {
                Random r = new Random(100 + file);
                byte[] b = new byte[SMALL];
                r.nextBytes(b);
                long blocks = fileBytes / SMALL;
                long n = 0;
                try {
                    while ((n & 255) != 0 || System.nanoTime() < end) {
                        long off = (long) (r.nextDouble() * blocks) * SMALL;
                        io.io(file, r.nextBoolean(), off, b);
                        n++;
                    }
                } catch (Exception e) {
                    failed.set(e);
                }
                ops.addAndGet(n);
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return ops.get();
    }

    /** Local disk: 4 files laid out and synced, then random 4 KiB I/O; {IOPS}. */
    private static double[] localRandom(Path dir, long bytes, int secs) throws Exception {
        Files.createDirectories(dir);
        long each = bytes / RAND_THREADS;
        byte[] buf = new byte[IO];
        new Random(5).nextBytes(buf);
        FileChannel[] chs = new FileChannel[RAND_THREADS];
        for (int f = 0; f < RAND_THREADS; f++) {
            chs[f] = FileChannel.open(dir.resolve("r" + f), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            for (long off = 0; off < each; off += IO) {
                chs[f].write(ByteBuffer.wrap(buf), off);
            }
        }
        sync();
        double t0 = System.nanoTime();
        long ops = randomOps(each, secs, (f, w, off, b) -> {
            if (w) {
                chs[f].write(ByteBuffer.wrap(b), off);
            } else {
                chs[f].read(ByteBuffer.wrap(b), off);
            }
        });
        double s = (System.nanoTime() - t0) / 1e9;
        for (FileChannel ch : chs) {
            ch.close();
        }
        try (Stream<Path> st = Files.walk(dir)) {
            st.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return new double[] {ops / s};
    }

    /** The fs API: random 4 KiB I/O with uploads running into {@link #safeFilesReopened}; {IOPS, MiB uploaded}. */
    private static double[] fsRandom(FsVolume vol, long bytes, int secs) throws Exception {
        FsOperations fs = vol.fs();
        long each = bytes / RAND_THREADS;
        long[] fhs = safeFilesReopened(vol, "r", each, 5);
        long up0 = vol.uploads().progress().uploadedBytes();
        double t0 = System.nanoTime();
        long ops = randomOps(each, secs, onHandles(fs, fhs));
        double s = (System.nanoTime() - t0) / 1e9;
        long up = vol.uploads().progress().uploadedBytes() - up0;
        release(fs, fhs);
        return new double[] {ops / s, up / (double) (1 << 20)};
    }

    /**
     * The fs API at a fixed rate (a slow random writer, as fio through a mount was): blocks are
     * written about once a second each, so they settle between writes; what counts is how
     * often they are copied and sent again. {MiB uploaded, CPU seconds of the process}.
     */
    private static double[] fsPaced(FsVolume vol, long bytes, int iops, int secs) throws Exception {
        FsOperations fs = vol.fs();
        long each = bytes / RAND_THREADS;
        long[] fhs = safeFilesReopened(vol, "p", each, 6);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long up0 = vol.uploads().progress().uploadedBytes();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long gap = RAND_THREADS * 1_000_000_000L / iops; // each thread's interval between calls
        RandomIo io = onHandles(fs, fhs);
        randomOps(each, secs, (f, w, off, b) -> {
            long due = start + gap * (callCount[f]++) + gap * f / RAND_THREADS;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            io.io(f, w, off, b);
        });
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long up = vol.uploads().progress().uploadedBytes() - up0;
        release(fs, fhs);
        return new double[] {up / (double) (1 << 20), cpu};
    }

    private static final long[] callCount = new long[RAND_THREADS];

    /**
     * The fs API's random runs start from {@link #RAND_THREADS} files of {@code each} bytes,
     * every block uploaded (safe, as after fio's layout and the settle time), then reopened: a
     * new writing session keeps a version, so the first write into each block copies it.
     * Returns the reopened handles.
     */
    private static long[] safeFilesReopened(FsVolume vol, String prefix, long each, long seed) throws Exception {
        FsOperations fs = vol.fs();
        byte[] buf = new byte[IO];
        new Random(seed).nextBytes(buf);
        long[] inos = new long[RAND_THREADS];
        for (int f = 0; f < RAND_THREADS; f++) {
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, b(prefix + f), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            for (long off = 0; off < each; off += IO) {
                fs.write(c.fh(), off, buf, 0, IO);
            }
            fs.release(c.fh());
            inos[f] = c.attr().ino();
        }
        vol.uploads().drain(Duration.ofMinutes(30));
        vol.fileSystem().sync();
        sync();
        long[] fhs = new long[RAND_THREADS];
        for (int f = 0; f < RAND_THREADS; f++) {
            fhs[f] = fs.open(Caller.ROOT, inos[f], OpenFlags.O_RDWR);
        }
        return fhs;
    }

    /** Random I/O through the fs API: file {@code f} is the handle {@code fhs[f]}. */
    private static RandomIo onHandles(FsOperations fs, long[] fhs) {
        return (f, w, off, b) -> {
            if (w) {
                fs.write(fhs[f], off, b, 0, b.length);
            } else {
                fs.read(fhs[f], off, b, 0, b.length);
            }
        };
    }

    private static void release(FsOperations fs, long[] fhs) throws Exception {
        for (long fh : fhs) {
            fs.release(fh);
        }
    }

    /** Local disk: write, then read back (page cache warm), then delete; best times into best[0], best[1]. */
    private static void localSeq(Path local, long seq, byte[] buf, double[] best) throws Exception {
        sync();
        best[0] = Math.min(best[0], time(() -> {
            try (FileChannel ch = FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (long off = 0; off < seq; off += IO) {
                    ch.write(ByteBuffer.wrap(buf), off);
                }
            }
        }));
        sync();
        byte[] rb = new byte[IO];
        best[1] = Math.min(best[1], time(() -> {
            try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
                for (long off = 0; off < seq; off += IO) {
                    ch.read(ByteBuffer.wrap(rb), off);
                }
            }
        }));
        Files.delete(local);
    }

    /** The fs API: the same calls into a new file, read back as cache hits, then unlinked; into best[2], best[3]. */
    private static void fsSeq(FsVolume vol, String name, long seq, byte[] buf, double[] best) throws Exception {
        FsOperations fs = vol.fs();
        sync();
        FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, b(name), 0644,
                OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        best[2] = Math.min(best[2], time(() -> {
            for (long off = 0; off < seq; off += IO) {
                fs.write(c.fh(), off, buf, 0, IO);
            }
        }));
        sync();
        byte[] rb = new byte[IO];
        best[3] = Math.min(best[3], time(() -> {
            for (long off = 0; off < seq; off += IO) {
                fs.read(c.fh(), off, rb, 0, IO);
            }
        }));
        fs.release(c.fh());
        fs.unlink(Caller.ROOT, FsOperations.ROOT_INO, b(name));
        vol.fileSystem().sync(); // commits: the dropped blocks' cache files are deleted
        vol.cache().files().awaitDeletions(); // (in the background: not during the next timed phase)
    }

    /** Writes back every dirty page of the machine, so the next phase starts from the same state. */
    private static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static void row(String name, double ours, double local) {
        System.out.printf("%-38s %14.0f %14.0f %8.2f%n", name, ours, local, ours / local);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
