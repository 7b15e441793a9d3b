package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.fs.VolumeOptions;
import org.qsfs.engine.volume.Retention;

/** The cache against real backends: its bound, lost backends during upload, a full cache disk. */
class CacheBehaviourTest {
    static final int BS = 256 * 1024;
    static final long ROOT = FsOperations.ROOT_INO;
    @TempDir
    Path dir;

    static byte[] n(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] content(int seed, int len) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    static long write(FsOperations fs, String name, byte[] data) throws FsException {
        FsOperations.Created c = fs.create(Caller.ROOT, ROOT, n(name), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        for (int off = 0; off < data.length; off += 128 * 1024) {
            fs.write(c.fh(), off, data, off, Math.min(128 * 1024, data.length - off));
        }
        fs.release(c.fh());
        return c.attr().ino();
    }

    static byte[] read(FsOperations fs, long ino, int len) throws FsException {
        return read(fs, ino, len, 128 * 1024);
    }

    /** The first {@code len} bytes of file {@code ino}, read in calls of {@code chunk} bytes. */
    static byte[] read(FsOperations fs, long ino, int len, int chunk) throws FsException {
        byte[] out = new byte[len];
        long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDONLY);
        for (int off = 0; off < len; ) {
            int r = fs.read(fh, off, out, off, Math.min(chunk, len - off));
            if (r == 0) {
                break;
            }
            off += r;
        }
        fs.release(fh);
        return out;
    }

    /**
     * As {@link #read(FsOperations, long, int, int)}, but each call reads into a direct buffer
     * after a 16-byte header, as the mount's READ reply does.
     */
    static byte[] readDirect(FsOperations fs, long ino, int len, int chunk) throws FsException {
        byte[] out = new byte[len];
        ByteBuffer reply = ByteBuffer.allocateDirect(16 + chunk);
        long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDONLY);
        for (int off = 0; off < len; ) {
            reply.clear().position(16).limit(16 + Math.min(chunk, len - off));
            int r = fs.read(fh, off, reply);
            if (r == 0) {
                break;
            }
            reply.get(16, out, off, r);
            off += r;
        }
        fs.release(fh);
        return out;
    }

    @Test
    void cacheStaysWithinItsBoundAndAllDataReadsBack() throws Exception {
        long limit = 16L * BS; // 4 MiB
        int workers = 2;
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS)
                     .withCache(limit, 0).withUploads(workers, Duration.ofMillis(50), 0), cluster.engine())) {
            FsOperations fs = vol.fs();
            AtomicLong maxDisk = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    maxDisk.accumulateAndGet(vol.cache().files().diskBytes(), Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            List<Long> inos = new ArrayList<>();
            int files = 5;
            int size = (int) limit; // 5 files of the cache's size: 5x in total
            for (int i = 0; i < files; i++) {
                inos.add(write(fs, "f" + i, content(i, size)));
            }
            for (int i = 0; i < files; i++) {
                assertArrayEquals(content(i, size), read(fs, inos.get(i), size), "file " + i);
            }
            done.set(true);
            sampler.join();
            long bound = limit + (long) workers * BS;
            assertTrue(vol.cache().limit().peak() <= bound, "cache held " + vol.cache().limit().peak());
            assertTrue(maxDisk.get() <= bound, "cache directory held " + maxDisk.get() + " > " + bound);
        }
    }

    @Test
    void uploadsWaitWhileBackendsAreLostAndDrainWhenTheyReturn() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS)
                     .withCache(64L << 20, 0).withUploads(2, Duration.ZERO, 0), cluster.engine())) {
            List<UploadProgress> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            vol.uploads().addListener(events::add);
            cluster.zdb.stop(5);
            byte[] data = content(42, 3 * BS + 100);
            long ino = write(vol.fs(), "while-down", data);
            long deadline = System.currentTimeMillis() + 15_000;
            while (!vol.uploads().progress().degraded()) {
                if (System.currentTimeMillis() > deadline) {
                    fail("no degraded state reported: " + vol.uploads().progress());
                }
                Thread.sleep(50);
            }
            UploadProgress p = vol.uploads().progress();
            assertTrue(p.pendingBytes() > 0, "nothing may be marked safe while a backend is missing: " + p);
            assertTrue(p.lastError() != null);
            assertTrue(events.stream().anyMatch(UploadProgress::degraded));
            assertTrue(vol.uploads().pendingBytes(ino) > 0);
            cluster.zdb.start(5);
            vol.uploads().drain(Duration.ofSeconds(60));
            assertEquals(0, vol.uploads().progress().pendingBytes());
            assertTrue(!vol.uploads().progress().degraded());
            vol.cache().evict(Long.MAX_VALUE); // every block now comes from the backends
            assertEquals(0, vol.cache().limit().used());
            assertArrayEquals(data, read(vol.fs(), ino, data.length));
        }
    }

    @Test
    void pauseAndResume() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS)
                     .withCache(64L << 20, 0).withUploads(2, Duration.ZERO, 0), cluster.engine())) {
            vol.uploads().pause();
            write(vol.fs(), "paused", content(1, BS * 2));
            Thread.sleep(500);
            assertTrue(vol.uploads().progress().paused());
            assertEquals(2 * BS, vol.uploads().progress().pendingBytes());
            vol.uploads().setBandwidthLimit(4L << 20);
            vol.uploads().resume();
            vol.uploads().drain(Duration.ofSeconds(30));
            assertTrue(vol.uploads().progress().uploadedBytes() >= 2 * BS);
        }
    }

    @Test
    void fullCacheDiskGivesEnospcAndDamagesNothing() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(64 * 1024)
                .withCache(64L << 20, 1L << 20).withRetention(Retention.NONE), null)) {
            FsOperations fs = vol.fs();
            byte[] a = content(1, 300_000);
            long inoA = write(fs, "a", a);
            FsOperations.Created c = fs.create(Caller.ROOT, ROOT, n("b"), 0644, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] chunk = content(2, 64 * 1024);
            long written = 0;
            try {
                while (true) {
                    fs.write(c.fh(), written, chunk, 0, chunk.length);
                    written += chunk.length;
                }
            } catch (FsException e) {
                assertEquals(Errno.ENOSPC, e.errno());
            }
            assertTrue(written > 0 && written < 1L << 20);
            assertArrayEquals(a, read(fs, inoA, a.length));
            byte[] b = read(fs, c.attr().ino(), (int) written);
            for (long off = 0; off < written; off += chunk.length) {
                assertArrayEquals(chunk, java.util.Arrays.copyOfRange(b, (int) off, (int) off + chunk.length));
            }
            assertEquals(written, fs.getattr(c.attr().ino()).size());
            fs.release(c.fh());
            fs.unlink(Caller.ROOT, ROOT, n("b"));
            write(fs, "c", content(3, 200_000)); // space is back
        }
    }
}
