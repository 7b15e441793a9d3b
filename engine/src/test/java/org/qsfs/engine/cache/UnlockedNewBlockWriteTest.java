package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.SetAttr;
import org.qsfs.engine.fs.VolumeOptions;

/**
 * Writes of new blocks beyond the end of a file write their files without the volume lock;
 * concurrent writers finishing out of order, truncates and readers racing them leave a file
 * that is a sequence of whole writes, and no block beyond the end.
 */
class UnlockedNewBlockWriteTest {
    static final int BS = 64 * 1024;
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        CacheFiles.writeHook = null;
    }

    private static byte[] block(int idx) {
        byte[] b = new byte[BS];
        new Random(idx * 31L + 7).nextBytes(b);
        return b;
    }

    private static byte[] n(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void sequentialWritesOfNewBlocksWriteTheirFilesWithoutTheLock() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS)
                .withCache(64L << 20, 0), null)) {
            FsOperations fs = vol.fs();
            BlockCache cache = vol.cache();
            AtomicInteger locked = new AtomicInteger();
            AtomicInteger unlocked = new AtomicInteger();
            CacheFiles.writeHook = (id, pos, len) -> {
                if (cache.db().heldByCurrentThread()) {
                    locked.incrementAndGet();
                } else {
                    unlocked.incrementAndGet();
                }
            };
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] all = new byte[40 * BS];
            for (int k = 0; k < 40; k++) {
                System.arraycopy(block(k), 0, all, k * BS, BS);
            }
            for (int k = 0; k < 20; k++) {
                assertEquals(BS, fs.write(c.fh(), (long) k * BS, all, k * BS, BS));
            }
            fs.write(c.fh(), 20L * BS, all, 20 * BS, 3 * BS); // several new blocks at once
            assertEquals(0, locked.get(), "no new block's file written under the volume lock");
            assertEquals(23, unlocked.get());
            // writes into the last block, then on past it: the block in place (locked), then new ones
            fs.write(c.fh(), 23L * BS, all, 23 * BS, 1000);
            fs.write(c.fh(), 23L * BS + 1000, all, 23 * BS + 1000, 17 * BS - 1000);
            fs.release(c.fh());
            assertArrayEquals(all, org.qsfs.engine.fs.FsTestSupport.readAll(fs, c.attr().ino()));
            assertEquals(all.length, fs.getattr(c.attr().ino()).size());
        }
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS)
                .withCache(64L << 20, 0), null)) {
            long ino = vol.paths().resolve(Caller.ROOT, "/f").ino();
            byte[] back = org.qsfs.engine.fs.FsTestSupport.readAll(vol.fs(), ino);
            assertEquals(40 * BS, back.length);
            for (int k = 0; k < 40; k++) {
                assertArrayEquals(block(k), Arrays.copyOfRange(back, k * BS, (k + 1) * BS), "block " + k);
            }
        }
    }

    @Test
    void concurrentOutOfOrderWritersTruncatesAndReadersLeaveWholeWrites() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("c")).withBlockSize(BS)
                .withCache(256L << 20, 0), null)) {
            FsOperations fs = vol.fs();
            for (int round = 0; round < 6; round++) {
                boolean truncating = round % 2 == 1;
                FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("g" + round), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                long ino = c.attr().ino();
                int blocks = 96;
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < blocks; k++) {
                    order.add(k);
                }
                Collections.shuffle(order, new Random(round));
                AtomicInteger next = new AtomicInteger();
                AtomicBoolean done = new AtomicBoolean();
                List<String> bad = new CopyOnWriteArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(10);
                List<Future<?>> fs8 = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    fs8.add(pool.submit(() -> {
                        long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDWR);
                        try {
                            for (int k; (k = next.getAndIncrement()) < blocks; ) {
                                int idx = order.get(k);
                                byte[] b = block(idx);
                                assertEquals(BS, fs.write(fh, (long) idx * BS, b, 0, BS));
                            }
                        } finally {
                            fs.release(fh);
                        }
                        return null;
                    }));
                }
                fs8.add(pool.submit(() -> { // a reader: every block it sees is zeros or whole
                    long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDONLY);
                    byte[] b = new byte[BS];
                    byte[] zeros = new byte[BS];
                    Random r = new Random(1);
                    while (!done.get()) {
                        int idx = r.nextInt(blocks);
                        int got = fs.read(fh, (long) idx * BS, b, 0, BS);
                        if (got == BS && !Arrays.equals(b, zeros) && !Arrays.equals(b, block(idx))) {
                            bad.add("block " + idx + " torn");
                        }
                    }
                    fs.release(fh);
                    return null;
                }));
                if (truncating) {
                    fs8.add(pool.submit(() -> {
                        Random r = new Random(2);
                        while (!done.get()) {
                            long to = (long) r.nextInt(blocks) * BS;
                            fs.setattr(Caller.ROOT, ino, SetAttr.none().withSize(to));
                            Thread.sleep(1);
                        }
                        return null;
                    }));
                }
                for (int w = 0; w < 8; w++) {
                    fs8.get(w).get();
                }
                done.set(true);
                for (Future<?> f : fs8) {
                    f.get();
                }
                pool.shutdown();
                assertTrue(bad.isEmpty(), bad.toString());
                long size = fs.getattr(ino).size();
                if (!truncating) {
                    assertEquals((long) blocks * BS, size);
                }
                // nothing mapped beyond the end: extending the file shows zeros there
                fs.setattr(Caller.ROOT, ino, SetAttr.none().withSize((long) blocks * BS + BS));
                byte[] all = org.qsfs.engine.fs.FsTestSupport.readAll(fs, ino);
                byte[] zeros = new byte[BS];
                for (int idx = 0; idx <= blocks; idx++) {
                    byte[] got = Arrays.copyOfRange(all, idx * BS, (idx + 1) * BS);
                    if (idx * (long) BS >= size) {
                        assertArrayEquals(zeros, got, "round " + round + ": beyond the end at block " + idx);
                    } else if (!truncating) {
                        assertArrayEquals(block(idx), got, "round " + round + " block " + idx);
                    } else {
                        assertTrue(Arrays.equals(zeros, got) || Arrays.equals(block(idx), got),
                                "round " + round + " block " + idx + " is neither zeros nor the write");
                    }
                }
                fs.release(c.fh());
            }
        }
    }
}
