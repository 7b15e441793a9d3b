package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/**
 * Blocks beyond the end of a file are made by the write fast path without a transaction (in
 * memory until the next write-back): appends, writes past the end leaving holes, a write
 * that fails half way on a full cache disk, and all of it after a reopen.
 */
class NewBlockFastPathTest {
    static final int BS = 64 * 1024;
    @TempDir
    Path dir;

    @Test
    void appendsAndWritesPastTheEndLeaveExactContentAndHoles() throws Exception {
        Path state = dir.resolve("s");
        byte[] model = new byte[0];
        long ino;
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(state).withBlockSize(BS).withCache(64L << 20, 0),
                null)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            ino = c.attr().ino();
            Random r = new Random(7);
            long pos = 0;
            for (int k = 0; k < 300; k++) {
                // mostly appends of odd sizes, sometimes a jump past the end (a hole), sometimes a
                // write spanning several new blocks at once
                if (k % 37 == 36) {
                    pos += 3L * BS + r.nextInt(BS);
                }
                int len = k % 50 == 49 ? 5 * BS + 123 : 1 + r.nextInt(40_000);
                byte[] w = FsTestSupport.randomBytes(k, len);
                assertEquals(len, fs.write(c.fh(), pos, w, 0, len));
                model = FsTestSupport.written(model, pos, w);
                pos += len;
                if (k % 10 == 0) {
                    assertEquals(model.length, fs.getattr(ino).size());
                    byte[] back = new byte[len];
                    assertEquals(len, fs.read(c.fh(), pos - len, back, 0, len), "read at once");
                    assertArrayEquals(w, back);
                }
            }
            assertArrayEquals(model, FsTestSupport.readAll(fs, ino));
            fs.release(c.fh());
            long blocks = fs.getattr(ino).blocks();
            assertTrue(blocks * 512 < model.length, "holes hold no blocks: " + blocks * 512 + " of " + model.length);
        }
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(state).withBlockSize(BS).withCache(64L << 20, 0),
                null)) {
            assertArrayEquals(model, FsTestSupport.readAll(vol.fs(), ino), "after a reopen");
            assertEquals(model.length, vol.fs().getattr(ino).size());
        }
    }

    @Test
    void aWriteOfNewBlocksThatFailsHalfWayLeavesNoBlockPastTheEnd() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("q")).withBlockSize(BS)
                .withCache(64L << 20, 4L * BS).withRetention(Retention.NONE), null)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            long ino = c.attr().ino();
            byte[] first = FsTestSupport.randomBytes(1, BS);
            fs.write(c.fh(), 0, first, 0, BS); // starts the session (transactional path)
            byte[] big = FsTestSupport.randomBytes(2, 6 * BS); // the cache disk holds 4 blocks: the third new block fails
            FsTestSupport.expect(Errno.ENOSPC, () -> fs.write(c.fh(), BS, big, 0, big.length));
            assertEquals(BS, fs.getattr(ino).size(), "a failed write changes nothing");
            fs.setattr(Caller.ROOT, ino, SetAttr.none().withSize(4L * BS)); // grow: must read as zeros
            byte[] all = FsTestSupport.readAll(fs, ino);
            assertArrayEquals(first, Arrays.copyOf(all, BS));
            for (int i = BS; i < all.length; i++) {
                assertEquals(0, all[i], "byte " + i + " past the old end");
            }
            byte[] small = FsTestSupport.randomBytes(3, 1000);
            fs.write(c.fh(), 4L * BS, small, 0, small.length); // space for one more block is there
            assertEquals(4L * BS + 1000, fs.getattr(ino).size());
            fs.release(c.fh());
        }
    }
}
