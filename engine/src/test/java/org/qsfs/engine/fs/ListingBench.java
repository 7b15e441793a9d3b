package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What {@code ls -lR} of a zip's tree costs the fs API (no mount): the tree is made once
 * (directories and empty files), then every directory is listed with attributes, as the
 * kernel's READDIRPLUS does: calls from the start until one comes back empty (the kernel asks
 * once more after the last entry of every directory). Prints the wall time per call of each
 * kind: those that return entries, and the empty one at the end.
 *
 * <pre>java -cp CP org.qsfs.engine.fs.ListingBench ZIP [rounds]</pre>
 */
public final class ListingBench {
    private ListingBench() {
    }

    public static void main(String[] args) throws Exception {
        Path zipPath = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zipPath.toFile())) {
            z.stream().map(ZipEntry::getName).forEach(names::add);
        }
        Path root = Files.createTempDirectory("qsfs-listing");
        try {
            VolumeOptions o = VolumeOptions.defaults(root.resolve("vol")).withCache(1L << 30, 0)
                    .withUploads(0, Duration.ofSeconds(1), 0);
            try (FsVolume vol = FsVolume.open(o, null)) {
                FsOperations fs = vol.fs();
                List<Long> dirs = new ArrayList<>();
                long top = fs.mkdir(Caller.ROOT, FsOperations.ROOT_INO, b("t"), 0755).ino();
                dirs.add(top);
                Map<String, Long> made = new HashMap<>();
                made.put("", top);
                for (String n : names) {
                    boolean isDir = n.endsWith("/");
                    String p = isDir ? n.substring(0, n.length() - 1) : n;
                    int slash = p.lastIndexOf('/');
                    long parent = mkdirs(fs, made, dirs, slash < 0 ? "" : p.substring(0, slash));
                    if (isDir) {
                        mkdirs(fs, made, dirs, p);
                    } else {
                        FsOperations.Created c = fs.create(Caller.ROOT, parent, b(p.substring(slash + 1)), 0644,
                                OpenFlags.O_WRONLY | OpenFlags.O_CREAT);
                        fs.release(c.fh());
                    }
                }
                vol.fileSystem().sync();
                for (int r = 0; r < rounds; r++) {
                    long first = 0; // calls that returned entries
                    long last = 0;
                    long entries = 0;
                    long calls = 0;
                    for (long d : dirs) {
                        long from = 0;
                        while (true) {
                            long t0 = System.nanoTime();
                            List<DirEntryPlus> l = fs.readdirPlus(Caller.ROOT, d, from, 1024);
                            long t1 = System.nanoTime();
                            if (l.isEmpty()) {
                                last += t1 - t0;
                                break;
                            }
                            first += t1 - t0;
                            calls++;
                            entries += l.size();
                            from = l.get(l.size() - 1).entry().offset();
                        }
                    }
                    System.out.printf("round %d: %d directories, %d entries: %d calls with entries %.1f us each, end calls %.1f us each,"
                            + " all %.1f ms%n", r, dirs.size(), entries, calls, first / 1e3 / calls,
                            last / 1e3 / dirs.size(), (first + last) / 1e6);
                }
            }
        } finally {
            try (java.util.stream.Stream<Path> s = Files.walk(root)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long mkdirs(FsOperations fs, Map<String, Long> made, List<Long> dirs, String path)
            throws FsException {
        Long ino = made.get(path);
        if (ino != null) {
            return ino;
        }
        int slash = path.lastIndexOf('/');
        long parent = mkdirs(fs, made, dirs, slash < 0 ? "" : path.substring(0, slash));
        long d = fs.mkdir(Caller.ROOT, parent, b(path.substring(slash + 1)), 0755).ino();
        made.put(path, d);
        dirs.add(d);
        return d;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
