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
 * (100000), {@code bench.coldMiB} (512).
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
        Path root = Files.createTempDirectory("qsfs-bench");
        byte[] buf = new byte[IO];
        new Random(1).nextBytes(buf);
        try (VolumeCluster cluster = new VolumeCluster(root)) {
            // --- local disk baseline ---
            Path local = root.resolve("local.bin");
            double lw = time(() -> {
                try (FileChannel ch = FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    for (long off = 0; off < seq; off += IO) {
                        ch.write(ByteBuffer.wrap(buf), off);
                    }
                }
            });
            double lr = time(() -> {
                byte[] b = new byte[IO];
                try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
                    for (long off = 0; off < seq; off += IO) {
                        ch.read(ByteBuffer.wrap(b), off);
                    }
                }
            });
            Files.delete(local);
            Path ldir = Files.createDirectories(root.resolve("localfiles"));
            double lc = time(() -> {
                for (int i = 0; i < files; i++) {
                    Files.createFile(ldir.resolve("f" + i));
                }
            });
            double ls = time(() -> {
                for (int i = 0; i < files; i++) {
                    Files.readAttributes(ldir.resolve("f" + i), "unix:mode,size");
                }
            });
            double ld = time(() -> {
                for (int i = 0; i < files; i++) {
                    Files.delete(ldir.resolve("f" + i));
                }
            });
            byte[] small = new byte[SMALL];
            new Random(3).nextBytes(small);
            double lsw = time(() -> {
                for (int i = 0; i < files; i++) {
                    try (FileChannel ch = FileChannel.open(ldir.resolve("s" + i), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(small), 0);
                    }
                }
            });

            // --- the fs API, cache hits, uploads paused so only the local path is measured ---
            VolumeOptions o = VolumeOptions.defaults(root.resolve("vol")).withCache(seq + (1L << 30), 0)
                    .withUploads(2, Duration.ofMillis(200), 0);
            double fw;
            double fr;
            double fc;
            double fst;
            double fd;
            double fsw;
            try (FsVolume vol = FsVolume.open(o, cluster.engine())) {
                vol.uploads().pause();
                FsOperations fs = vol.fs();
                FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, b("seq"), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                fw = time(() -> {
                    for (long off = 0; off < seq; off += IO) {
                        fs.write(c.fh(), off, buf, 0, IO);
                    }
                });
                byte[] rb = new byte[IO];
                fr = time(() -> {
                    for (long off = 0; off < seq; off += IO) {
                        fs.read(c.fh(), off, rb, 0, IO);
                    }
                });
                fs.release(c.fh());
                fs.unlink(Caller.ROOT, FsOperations.ROOT_INO, b("seq"));
                long d = fs.mkdir(Caller.ROOT, FsOperations.ROOT_INO, b("many"), 0755).ino();
                fc = time(() -> {
                    for (int i = 0; i < files; i++) {
                        fs.release(fs.create(Caller.ROOT, d, b("f" + i), 0644, OpenFlags.O_WRONLY
                                | OpenFlags.O_CREAT).fh());
                    }
                });
                fst = time(() -> {
                    for (int i = 0; i < files; i++) {
                        fs.lookup(Caller.ROOT, d, b("f" + i));
                    }
                });
                fd = time(() -> {
                    for (int i = 0; i < files; i++) {
                        fs.unlink(Caller.ROOT, d, b("f" + i));
                    }
                });
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
            double cr;
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
                byte[] rb = new byte[IO];
                cr = time(() -> {
                    for (long off = 0; off < cold; off += IO) {
                        fs.read(c.fh(), off, rb, 0, IO);
                    }
                });
                fs.release(c.fh());
            }

            double mib = seq / (double) (1 << 20);
            System.out.println();
            System.out.printf("%-34s %14s %14s %8s%n", "workload", "qsfs fs API", "local disk", "ratio");
            row("sequential write " + (seq >> 20) + " MiB (MiB/s)", mib / fw, mib / lw);
            row("sequential read, cache hit (MiB/s)", mib / fr, mib / lr);
            row("create " + files + " files (/s)", files / fc, files / lc);
            row("stat " + files + " files (/s)", files / fst, files / ls);
            row("delete " + files + " files (/s)", files / fd, files / ld);
            row("create+write 4 KiB+close, " + files + " (/s)", files / fsw, files / lsw);
            System.out.printf("%-34s %14.0f %14s %8s%n", "cold read " + (cold >> 20) + " MiB, 6 zdb (MiB/s)",
                    (cold >> 20) / cr, "-", "-");
            System.out.println("(local disk: FileChannel 128 KiB writes/reads without fsync, page cache warm;"
                    + " create = create + close of an empty file, stat = lookup; cold read: cache emptied, blocks"
                    + " fetched and decoded from six local zdb-servers, k=4 m=2)");
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void row(String name, double ours, double local) {
        System.out.printf("%-34s %14.0f %14.0f %8.2f%n", name, ours, local, ours / local);
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
