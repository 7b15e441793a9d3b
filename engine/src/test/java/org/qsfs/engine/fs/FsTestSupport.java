package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Small helpers for tests of the filesystem API. */
public final class FsTestSupport {
    static final Caller ROOT = Caller.ROOT;

    private FsTestSupport() {
    }

    /** {@code len} bytes, the same for the same seed. */
    static byte[] randomBytes(int seed, int len) {
        byte[] b = new byte[len];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** {@code model} with {@code bytes} written at {@code pos}: the same array, or a longer copy when it grows. */
    static byte[] written(byte[] model, long pos, byte[] bytes) {
        byte[] m = pos + bytes.length > model.length ? java.util.Arrays.copyOf(model, (int) (pos + bytes.length)) : model;
        System.arraycopy(bytes, 0, m, (int) pos, bytes.length);
        return m;
    }

    public static byte[] n(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    interface Op {
        void run() throws Exception;
    }

    static void expect(Errno errno, Op op) {
        try {
            op.run();
            fail("expected " + errno);
        } catch (FsException e) {
            assertEquals(errno, e.errno(), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError("expected " + errno + ", got " + e, e);
        }
    }

    static long writeFile(FsOperations fs, long dir, String name, byte[] data) throws FsException {
        FsOperations.Created c = fs.create(ROOT, dir, n(name), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        fs.write(c.fh(), 0, data, 0, data.length);
        fs.release(c.fh());
        return c.attr().ino();
    }

    /**
     * Waits for the journal shipper's first snapshot of a new volume (written at once, then not
     * again for the snapshot interval), so that it cannot compact batches or add chunks while a
     * test counts them.
     */
    public static void awaitFirstSnapshot(FsVolume vol) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (vol.journal().snapshotChunks().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the journal shipper wrote no first snapshot");
            }
            Thread.sleep(20);
        }
    }

    /** The whole content of {@code ino}, read through the API in 1 MiB calls. */
    public static byte[] readAll(FsOperations fs, long ino) throws FsException {
        long size = fs.getattr(ino).size();
        byte[] out = new byte[(int) size];
        long fh = fs.open(ROOT, ino, OpenFlags.O_RDONLY);
        int done = 0;
        while (done < size) {
            int r = fs.read(fh, done, out, done, (int) Math.min(1 << 20, size - done));
            if (r == 0) {
                break;
            }
            done += r;
        }
        fs.release(fh);
        return out;
    }

    /** Creates or truncates {@code name} in the root, writes {@code content}, closes it. */
    public static void save(FsOperations fs, String name, String content) throws FsException {
        FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n(name), 0644, OpenFlags.O_WRONLY
                | OpenFlags.O_CREAT | OpenFlags.O_TRUNC);
        fs.write(c.fh(), 0, n(content), 0, content.length());
        fs.release(c.fh());
    }

    /** Up to {@code len} bytes of a kept version, as text. */
    public static String read(VersionOps v, long ino, long ver, int len) throws FsException {
        byte[] b = new byte[len];
        int got = v.readVersion(ino, ver, 0, b, 0, len);
        return new String(b, 0, got, StandardCharsets.UTF_8);
    }

    /** A number the volume database answers {@code sql} with. */
    static long count(FsVolume vol, String sql) throws Exception {
        return vol.tables().db.read(() -> {
            try (java.sql.ResultSet rs = vol.tables().db.ps(sql).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Waits up to 10 s for {@code sql} to answer {@code expected} (background work such as deferred purges). */
    static void awaitCount(FsVolume vol, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long n;
        while ((n = count(vol, sql)) != expected) {
            if (System.nanoTime() > deadline) {
                fail(sql + ": " + n + ", expected " + expected);
            }
            Thread.sleep(20);
        }
    }

    /** Every block row's reference count is the number of file and version map rows naming it. */
    static void assertBlockCountsAddUp(FsVolume vol) throws Exception {
        long wrong = count(vol, "SELECT count(*) FROM block WHERE refs != (SELECT count(*) FROM fblock f WHERE f.block"
                + " = block.id) + (SELECT count(*) FROM vblock x WHERE x.block = block.id)");
        assertEquals(0, wrong, "blocks whose reference count is off");
        long orphans = count(vol, "SELECT count(*) FROM fblock WHERE block NOT IN (SELECT id FROM block)")
                + count(vol, "SELECT count(*) FROM vblock WHERE block NOT IN (SELECT id FROM block)");
        assertEquals(0, orphans, "map rows naming a block that is gone");
    }

    /**
     * Copies a volume's directory as a SIGKILL at this instant would leave it (call it with the
     * volume lock held, so no commit runs meanwhile); SQLite's shared-memory index is rebuilt.
     */
    static void copyAsAKillLeavesIt(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (Files.exists(p) && !p.toString().endsWith("-shm")) {
                    Files.copy(p, q);
                }
            }
        }
    }

    /**
     * The volume's calls, but for the interface's default of {@code method} (as an adapter's own
     * engine that has only the array form would run it).
     */
    static FsOperations withDefault(FsOperations fs, String method) {
        return (FsOperations) Proxy.newProxyInstance(FsOperations.class.getClassLoader(),
                new Class<?>[] {FsOperations.class}, (proxy, m, a) -> {
                    if (m.isDefault() && m.getName().equals(method)) {
                        return InvocationHandler.invokeDefault(proxy, m, a);
                    }
                    try {
                        return m.invoke(fs, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
