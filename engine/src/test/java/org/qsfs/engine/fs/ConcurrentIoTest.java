package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock-free read path and the in-place write path under concurrency: a writer appends
 * to a file (in-place writes, and copy-on-write once the upload queue takes a block) while
 * readers read what is already written, another thread evicts every safe block again and
 * again (reads then fetch from the zdb-servers) and a third writes other files. Every read
 * returns exactly the bytes written there; at the end the whole file reads back, also after
 * a reopen.
 */
class ConcurrentIoTest {
    @TempDir
    Path dir;

    static byte[] content(int len) {
        byte[] b = new byte[len];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void readersWritersEvictionAndUploadsAgree() throws Exception {
        int size = 24 << 20;
        byte[] data = content(size);
        VolumeOptions o = VolumeOptions.defaults(dir.resolve("state")).withBlockSize(256 * 1024)
                .withCache(256L << 20, 0).withUploads(3, Duration.ZERO, 0).withPrefetch(4);
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            long ino;
            try (FsVolume vol = FsVolume.open(o, cluster.engine())) {
                FsOperations fs = vol.fs();
                FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                ino = c.attr().ino();
                AtomicLong written = new AtomicLong();
                AtomicBoolean done = new AtomicBoolean();
                List<Throwable> errors = new CopyOnWriteArrayList<>();
                Thread writer = new Thread(() -> {
                    try {
                        Random r = new Random(1);
                        int off = 0;
                        while (off < size) {
                            int len = Math.min(size - off, 1 + r.nextInt(200_000));
                            fs.write(c.fh(), off, data, off, len);
                            off += len;
                            written.set(off);
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    } finally {
                        done.set(true);
                    }
                });
                Runnable reader = () -> {
                    try {
                        long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDONLY);
                        Random r = new Random(Thread.currentThread().getId());
                        byte[] buf = new byte[300_000];
                        while (!done.get() || r.nextInt(50) != 0) {
                            long w = written.get();
                            if (w == 0) {
                                Thread.onSpinWait();
                                continue;
                            }
                            long off = r.nextBoolean() ? Math.max(0, w - buf.length) : (long) (r.nextDouble() * w);
                            int len = (int) Math.min(buf.length, w - off);
                            int got = fs.read(fh, off, buf, 0, len);
                            assertEquals(len, got, "short read below the written size");
                            if (!Arrays.equals(buf, 0, got, data, (int) off, (int) off + got)) {
                                throw new AssertionError("read at " + off + " len " + got + " differs");
                            }
                        }
                        fs.release(fh);
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                };
                Thread evictor = new Thread(() -> {
                    try {
                        while (!done.get()) {
                            vol.cache().evict(Long.MAX_VALUE);
                            Thread.sleep(3);
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                });
                Thread other = new Thread(() -> {
                    try {
                        for (int i = 0; !done.get(); i++) {
                            FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, "o" + (i % 20),
                                    Arrays.copyOf(data, 1000 + i % 300_000));
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                });
                Thread[] readers = {new Thread(reader), new Thread(reader), new Thread(reader)};
                writer.start();
                evictor.start();
                other.start();
                for (Thread t : readers) {
                    t.start();
                }
                writer.join(180_000);
                for (Thread t : readers) {
                    t.join(60_000);
                }
                evictor.join(10_000);
                other.join(60_000);
                assertTrue(errors.isEmpty(), () -> errors.get(0).toString() + " " + Arrays.toString(
                        errors.get(0).getStackTrace()));
                fs.fsync(c.fh(), false);
                fs.release(c.fh());
                assertEquals(size, fs.getattr(ino).size());
                assertArrayEquals(data, FsTestSupport.readAll(fs, ino));
                vol.uploads().drain(Duration.ofSeconds(120));
                vol.cache().evict(Long.MAX_VALUE);
                assertArrayEquals(data, FsTestSupport.readAll(fs, ino), "read back from the backends");
            }
            try (FsVolume vol = FsVolume.open(o, cluster.engine())) {
                assertArrayEquals(data, FsTestSupport.readAll(vol.fs(), ino), "after a reopen");
            }
        }
    }
}
