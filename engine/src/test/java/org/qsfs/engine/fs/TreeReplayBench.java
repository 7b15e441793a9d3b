package org.qsfs.engine.fs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Replays, against the fs API (no mount), the requests that {@code unzip} and {@code rm -rf}
 * of a zip's tree make through the FUSE mount (docs/BENCHMARKS.md, "Mount (issue 5)"): per
 * file a negative LOOKUP, CREATE, GETXATTR security.capability, WRITE, three SETATTRs (the
 * kernel's mtime, chmod, utime), GETATTR of the directory and RELEASE; per file of the removal
 * an UNLINK (READDIRPLUS gave the kernel the names), per directory READDIR and RMDIR. Prints the
 * wall time per opcode, the replaying thread's CPU and the process's CPU (uploads included).
 *
 * <pre>java -cp CP org.qsfs.engine.fs.TreeReplayBench ZIP [rounds]</pre>
 * {@code -Dbench.cluster=false}: local volume only (no uploads); {@code -Dbench.settleMs} (2000).
 */
public final class TreeReplayBench {
    private static final Map<String, long[]> ops = new TreeMap<>();
    private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private TreeReplayBench() {
    }

    private interface Op<T> {
        T run() throws FsException;
    }

    private static <T> T op(String name, Op<T> o) throws FsException {
        long t0 = System.nanoTime();
        try {
            return o.run();
        } finally {
            long[] a = ops.computeIfAbsent(name, k -> new long[2]);
            a[0]++;
            a[1] += System.nanoTime() - t0;
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path zipPath = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean withCluster = Boolean.parseBoolean(System.getProperty("bench.cluster", "true"));
        long settle = Long.getLong("bench.settleMs", 2000);
        List<ZipEntry> entries = new ArrayList<>();
        Map<String, byte[]> data = new HashMap<>();
        try (ZipFile z = new ZipFile(zipPath.toFile())) {
            z.stream().forEach(e -> {
                entries.add(e);
                if (!e.isDirectory()) {
                    try (var in = z.getInputStream(e)) {
                        data.put(e.getName(), in.readAllBytes());
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }
            });
        }
        Path root = Files.createTempDirectory("qsfs-replay");
        VolumeCluster cluster = withCluster ? new VolumeCluster(root) : null;
        try {
            VolumeOptions o = VolumeOptions.defaults(root.resolve("vol")).withCache(1L << 30, 0)
                    .withUploads(2, Duration.ofMillis(settle), 0);
            try (FsVolume vol = FsVolume.open(o, cluster == null ? null : cluster.engine())) {
                FsOperations fs = vol.fs();
                for (int r = 0; r < rounds; r++) {
                    ops.clear();
                    String top = "t" + r;
                    long cpu0 = processCpu();
                    long th0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    long dir = fs.mkdir(Caller.ROOT, FsOperations.ROOT_INO, b(top), 0755).ino();
                    unzip(fs, dir, entries, data);
                    long t1 = System.nanoTime();
                    long th1 = threads.getCurrentThreadCpuTime();
                    long cpu1 = processCpu();
                    report("unzip", t1 - t0, th1 - th0, cpu1 - cpu0, entries.size());
                    if (cluster != null) {
                        vol.uploads().drain(Duration.ofMinutes(5));
                    }
                    long cpu2 = processCpu();
                    System.out.printf("  upload drain after: %.2f s more process CPU%n", (cpu2 - cpu1) / 1e9);
                    ops.clear();
                    long th2 = threads.getCurrentThreadCpuTime();
                    long t2 = System.nanoTime();
                    rmTree(fs, FsOperations.ROOT_INO, b(top));
                    long t3 = System.nanoTime();
                    long th3 = threads.getCurrentThreadCpuTime();
                    report("rm -rf", t3 - t2, th3 - th2, processCpu() - cpu2, entries.size());
                    vol.fileSystem().sync();
                }
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            // the volume, its cache and six servers' files: ~1 GB a run, left behind it filled /tmp
            try (java.util.stream.Stream<Path> s = Files.walk(root)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, long wall, long threadCpu, long procCpu, int n) {
        System.out.printf("%s: %.3f s wall (%.1f us/entry), replay thread CPU %.3f s, process CPU %.3f s%n", what,
                wall / 1e9, wall / 1e3 / n, threadCpu / 1e9, procCpu / 1e9);
        for (var e : ops.entrySet()) {
            long[] a = e.getValue();
            System.out.printf("  %-10s %7d calls %8.1f ms %7.1f us/call%n", e.getKey(), a[0], a[1] / 1e6,
                    a[1] / 1e3 / a[0]);
        }
    }

    private static void unzip(FsOperations fs, long top, List<ZipEntry> entries, Map<String, byte[]> data)
            throws FsException {
        Map<String, Long> dirs = new HashMap<>();
        dirs.put("", top);
        for (ZipEntry e : entries) {
            String name = e.getName();
            if (e.isDirectory()) {
                mkdirs(fs, dirs, name.substring(0, name.length() - 1));
                continue;
            }
            int slash = name.lastIndexOf('/');
            long parent = mkdirs(fs, dirs, slash < 0 ? "" : name.substring(0, slash));
            byte[] leaf = b(name.substring(slash + 1));
            try {
                op("LOOKUP", () -> fs.lookup(Caller.ROOT, parent, leaf));
            } catch (FsException x) {
                // the usual answer: a negative entry
            }
            FsOperations.Created c = op("CREATE", () -> fs.create(Caller.ROOT, parent, leaf, 0644,
                    OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC));
            long ino = c.attr().ino();
            try {
                op("GETXATTR", () -> fs.getxattr(Caller.ROOT, ino, "security.capability"));
            } catch (FsException x) {
                // ENODATA
            }
            byte[] d = data.get(name);
            if (d.length > 0) {
                op("WRITE", () -> fs.write(c.fh(), 0, d, 0, d.length));
            }
            long mtime = e.getTime() * 1_000_000L;
            op("SETATTR", () -> fs.setattr(Caller.ROOT, ino, SetAttr.none().withTimes(SetAttr.OMIT, SetAttr.NOW)));
            op("RELEASE", () -> {
                fs.release(c.fh());
                return null;
            });
            op("SETATTR", () -> fs.setattr(Caller.ROOT, ino, SetAttr.none().withMode(0644)));
            op("SETATTR", () -> fs.setattr(Caller.ROOT, ino, SetAttr.none().withTimes(mtime, mtime)));
            op("GETATTR", () -> fs.getattr(parent));
        }
    }

    private static long mkdirs(FsOperations fs, Map<String, Long> dirs, String path) throws FsException {
        Long ino = dirs.get(path);
        if (ino != null) {
            return ino;
        }
        int slash = path.lastIndexOf('/');
        long parent = mkdirs(fs, dirs, slash < 0 ? "" : path.substring(0, slash));
        byte[] leaf = b(path.substring(slash + 1));
        try {
            op("LOOKUP", () -> fs.lookup(Caller.ROOT, parent, leaf));
        } catch (FsException x) {
            // absent
        }
        long d = op("MKDIR", () -> fs.mkdir(Caller.ROOT, parent, leaf, 0755)).ino();
        dirs.put(path, d);
        return d;
    }

    private static void rmTree(FsOperations fs, long parent, byte[] name) throws FsException {
        long dir = op("LOOKUP", () -> fs.lookup(Caller.ROOT, parent, name)).ino();
        List<DirEntry> all = new ArrayList<>();
        long off = 0;
        while (true) {
            long from = off;
            List<DirEntry> page = op("READDIR", () -> fs.readdir(Caller.ROOT, dir, from, 128));
            if (page.isEmpty()) {
                break;
            }
            all.addAll(page);
            off = page.get(page.size() - 1).offset();
        }
        for (DirEntry e : all) {
            if (Names.isDot(e.name()) || Names.isDotDot(e.name())) {
                continue;
            }
            if (e.type() == FileType.DIRECTORY) {
                rmTree(fs, dir, e.name());
            } else {
                op("UNLINK", () -> {
                    fs.unlink(Caller.ROOT, dir, e.name());
                    return null;
                });
            }
        }
        op("RMDIR", () -> {
            fs.rmdir(Caller.ROOT, parent, name);
            return null;
        });
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
