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
    private static final int SMALL = 4096;

    private FsBench() {
    }

    public static void main(String[] args) throws Exception {
        long seq = Long.getLong("bench.seqMiB", 2048) << 20;
        int files = Integer.getInteger("bench.files", 100_000);
        long cold = Long.getLong("bench.coldMiB", 512) << 20;
        int reps = Integer.getInteger("bench.reps", 2);
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
        try (VolumeCluster cluster = new VolumeCluster(root)) {
            // Retention.NONE: an unlinked 2 GiB file frees its cache files (and page cache) before the next run
            VolumeOptions o = VolumeOptions.defaults(root.resolve("vol")).withCache(seq + (1L << 30), 0)
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

            // --- cold reads from six local zdb-servers ---
            try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(root.resolve("cold")).withCache(2L << 30, 0)
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
        System.out.printf("%-38s %14.0f %14s %8s%n", "cold read " + (cold >> 20) + " MiB, 6 zdb (MiB/s)",
                (cold >> 20) / cr, "-", "-");
        System.out.println("(best of " + reps + " alternating runs for the sequential write and read; sync before"
                + " each timed phase; create = create + close of an empty file, stat = lookup; cold read: cache"
                + " emptied, blocks fetched and decoded from six local zdb-servers, k=4 m=2, prefetch 16)");
        System.exit(0);
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
