package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.cache.HotBlocks;

/**
 * Blocks rewritten soon after their upload (copy-on-write of a block being sent or safe) are
 * held back from the upload queue for longer and longer, and still go out at once when a
 * drain (a durable fsync) waits or the cache is under pressure; every byte reads back from
 * the backends afterwards.
 */
class HotBlockUploadTest {
    static final int BS = 64 * 1024;
    static final Duration SETTLE = Duration.ofMillis(500);
    @TempDir
    Path dir;

    static VolumeOptions options(Path state, long cache) {
        return VolumeOptions.defaults(state).withBlockSize(BS).withCache(cache, 0).withUploads(2, SETTLE, 0);
    }

    private static void write(FsOperations fs, long fh, byte[] model, int off, byte[] src) throws FsException {
        fs.write(fh, off, src, 0, src.length);
        System.arraycopy(src, 0, model, off, src.length);
    }

    private static void awaitSafe(FsVolume vol, long ino, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (vol.uploads().pendingBytes(ino) > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "not uploaded within " + timeoutMs + " ms");
            Thread.sleep(20);
        }
    }

    @Test
    void aBlockRewrittenSoonAfterItsUploadIsHeldLongerButADrainSendsItAtOnce() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(options(dir.resolve("s"), 64L << 20), cluster.engine())) {
            FsOperations fs = vol.fs();
            byte[] model = FsTestSupport.randomBytes(1, 4 * BS);
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            long ino = c.attr().ino();
            fs.write(c.fh(), 0, model, 0, model.length);
            vol.uploads().drain(Duration.ofSeconds(30));

            // level 0: a copy of a safe block goes out after the settle time
            write(fs, c.fh(), model, 1000, FsTestSupport.randomBytes(2, 4096));
            assertTrue(vol.uploads().pendingBytes(ino) > 0);
            awaitSafe(vol, ino, 15_000);

            // rewritten soon after that upload: level 1, held for 4 x settle = 2 s
            long t1 = System.nanoTime();
            write(fs, c.fh(), model, 5000, FsTestSupport.randomBytes(3, 4096));
            Thread.sleep(1200);
            if (System.nanoTime() - t1 < 1_900_000_000L) {
                assertTrue(vol.uploads().pendingBytes(ino) > 0, "held beyond the settle time");
            }
            awaitSafe(vol, ino, 20_000);
            assertTrue(System.nanoTime() - t1 >= 2_000_000_000L, "sent before its hold ended");

            // level 2: held for 16 x settle = 8 s, but a drain (as a durable fsync) sends it now
            long t2 = System.nanoTime();
            write(fs, c.fh(), model, 9000, FsTestSupport.randomBytes(4, 4096));
            Thread.sleep(1200);
            assertTrue(vol.uploads().pendingBytes(ino) > 0, "held beyond the settle time");
            vol.uploads().drain(Duration.ofSeconds(30));
            assertTrue(System.nanoTime() - t2 < 7_000_000_000L, "the drain waited for the hold");
            assertEquals(0, vol.uploads().pendingBytes(ino));

            fs.release(c.fh());
            vol.fileSystem().sync();
            vol.cache().evict(Long.MAX_VALUE); // every block now comes from the backends
            assertArrayEquals(model, FsTestSupport.readAll(fs, ino));
        }
    }

    @Test
    void cachePressureSendsHeldBlocksOldestFirst() throws Exception {
        long cache = 32L * BS; // 2 MiB
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(options(dir.resolve("p"), cache), cluster.engine())) {
            // holds of 4 minutes from the first rewrite on: only pressure can send these blocks
            vol.fileSystem().setHotBlocks(new HotBlocks(Duration.ofMinutes(1).toNanos()));
            FsOperations fs = vol.fs();
            byte[] a = FsTestSupport.randomBytes(10, 8 * BS);
            FsOperations.Created ca = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("a"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            long ino = ca.attr().ino();
            fs.write(ca.fh(), 0, a, 0, a.length);
            vol.uploads().drain(Duration.ofSeconds(30));
            for (int blk = 0; blk < 8; blk++) {
                write(fs, ca.fh(), a, blk * BS + 100, FsTestSupport.randomBytes(20 + blk, 4096)); // level 0
            }
            awaitSafe(vol, ino, 30_000);
            for (int blk = 0; blk < 8; blk++) {
                write(fs, ca.fh(), a, blk * BS + 30_000, FsTestSupport.randomBytes(40 + blk, 4096)); // level 1: held
            }
            Thread.sleep(1500);
            assertEquals(8L * BS, vol.uploads().pendingBytes(ino), "all eight copies are held");

            // 2.5 MiB more than the cache can hold with the held blocks in it: writers wait, the
            // queue stops waiting for settle times and holds, the oldest (the held ones) go first
            byte[] b = FsTestSupport.randomBytes(11, 40 * BS);
            long t0 = System.nanoTime();
            FsOperations.Created cb = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("b"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            for (int off = 0; off < b.length; off += BS) {
                fs.write(cb.fh(), off, b, off, BS);
            }
            fs.release(cb.fh());
            long inoB = cb.attr().ino();
            assertTrue(System.nanoTime() - t0 < 60_000_000_000L);
            assertEquals(0, vol.uploads().pendingBytes(ino), "the held blocks were sent under pressure");
            assertTrue(vol.cache().limit().peak() <= cache + 2L * BS, "cache held " + vol.cache().limit().peak());

            fs.release(ca.fh());
            vol.uploads().drain(Duration.ofSeconds(60));
            vol.fileSystem().sync();
            vol.cache().evict(Long.MAX_VALUE);
            assertArrayEquals(a, FsTestSupport.readAll(fs, ino));
            assertArrayEquals(b, FsTestSupport.readAll(fs, inoB));
        }
    }

    @Test
    void copyOnWriteCopiesFileToFileAndKeepsTheOldVersion() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(options(dir.resolve("v"), 64L << 20), cluster.engine())) {
            FsOperations fs = vol.fs();
            byte[] v1 = FsTestSupport.randomBytes(30, 3 * BS + 777);
            long ino = FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, "f", v1);
            vol.uploads().drain(Duration.ofSeconds(30));
            byte[] v2 = v1.clone();
            long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDWR); // a new session keeps v1 as a version
            Random r = new Random(31);
            for (int k = 0; k < 200; k++) {
                int off = r.nextInt(v2.length + BS);
                byte[] w = FsTestSupport.randomBytes(100 + k, 1 + r.nextInt(3 * 4096));
                fs.write(fh, off, w, 0, w.length);
                if (off + w.length > v2.length) {
                    v2 = java.util.Arrays.copyOf(v2, off + w.length);
                }
                System.arraycopy(w, 0, v2, off, w.length);
                if (k % 50 == 0) {
                    vol.uploads().drain(Duration.ofSeconds(30)); // later writes copy safe blocks again
                }
            }
            fs.setattr(Caller.ROOT, ino, SetAttr.none().withSize(v2.length - 5000)); // copies the tail block
            v2 = java.util.Arrays.copyOf(v2, v2.length - 5000);
            fs.release(fh);
            assertArrayEquals(v2, FsTestSupport.readAll(fs, ino));
            vol.uploads().drain(Duration.ofSeconds(30));
            vol.fileSystem().sync();
            vol.cache().evict(Long.MAX_VALUE);
            assertArrayEquals(v2, FsTestSupport.readAll(fs, ino));
            var first = vol.versions().history(Caller.ROOT, "/f").get(0);
            assertEquals(v1.length, first.size(), "the content before the session is kept as a version");
            byte[] old = new byte[v1.length];
            assertEquals(v1.length, vol.versions().readVersion(first.ino(), first.version(), 0, old, 0, old.length));
            assertArrayEquals(v1, old);
        }
    }
}
