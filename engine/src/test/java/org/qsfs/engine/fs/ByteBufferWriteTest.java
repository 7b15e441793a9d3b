package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.expect;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/**
 * {@link FsOperations#write(long, long, ByteBuffer)}, the mount's write of a request buffer
 * without a copy into the heap: direct and heap buffers with a position and limit of their
 * own, through every write path of the volume (the transactional first write, new blocks
 * beyond the end, in place into dirty blocks, copies of blocks with a kept version), into an
 * unlinked file, on a full cache; and the interface's default for implementations that only
 * have the array write.
 */
class ByteBufferWriteTest {
    static final int BS = 64 * 1024;
    @TempDir
    Path dir;

    /** {@code bytes} in a buffer that has other bytes before its position and after its limit. */
    private static ByteBuffer framed(byte[] bytes, boolean direct) {
        int pad = 40; // as the payload in a FUSE WRITE request, after the headers
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(bytes.length + 2 * pad) : ByteBuffer.allocate(bytes.length + 2 * pad);
        b.put(FsTestSupport.randomBytes(-1, pad)).put(bytes).put(FsTestSupport.randomBytes(-2, pad));
        return b.position(pad).limit(pad + bytes.length);
    }

    private FsVolume open(Path state, long cacheQuota) throws Exception {
        return FsVolume.open(VolumeOptions.defaults(state).withBlockSize(BS).withCache(64L << 20, cacheQuota)
                .withRetention(Retention.NONE), null);
    }

    /** Writes {@code w} at {@code pos} through a framed buffer, checks the buffer did not move, and applies it to the model. */
    private static byte[] write(FsOperations fs, long fh, long pos, byte[] w, boolean direct, byte[] model) throws FsException {
        ByteBuffer src = framed(w, direct);
        int position = src.position();
        int limit = src.limit();
        assertEquals(w.length, fs.write(fh, pos, src));
        assertEquals(position, src.position(), "the position does not move");
        assertEquals(limit, src.limit(), "the limit does not move");
        return FsTestSupport.written(model, pos, w);
    }

    @Test
    void directAndHeapBuffersThroughEveryWritePath() throws Exception {
        Path state = dir.resolve("s");
        byte[] model = new byte[0];
        long ino;
        try (FsVolume vol = open(state, 0)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            ino = c.attr().ino();
            long fh = c.fh();
            Random r = new Random(5);
            model = write(fs, fh, 0, FsTestSupport.randomBytes(1, 1000), true, model); // starts the session: the transactional path
            model = write(fs, fh, 1000, FsTestSupport.randomBytes(2, 3 * BS + 17), true, model); // new blocks beyond the end, unlocked
            model = write(fs, fh, 5L * BS + 3, FsTestSupport.randomBytes(3, BS), false, model); // past the end: a hole, then new blocks
            model = write(fs, fh, 100, FsTestSupport.randomBytes(4, 2 * BS), true, model); // in place, across block boundaries
            model = write(fs, fh, BS - 1, FsTestSupport.randomBytes(5, 2), false, model); // two bytes across a boundary
            for (int k = 0; k < 60; k++) { // odd sizes and places, in place and appended
                int len = 1 + r.nextInt(3 * BS);
                long pos = r.nextInt(model.length + BS);
                model = write(fs, fh, pos, FsTestSupport.randomBytes(100 + k, len), k % 2 == 0, model);
            }
            assertEquals(model.length, fs.getattr(ino).size());
            assertArrayEquals(model, FsTestSupport.readAll(fs, ino));
            fs.release(fh);

            // a new writing session into blocks written before: the first write keeps nothing
            // (no retention) but copies the blocks it changes partly, through the transaction
            long fh2 = fs.open(ROOT, ino, OpenFlags.O_RDWR);
            fs.fsync(fh2, false);
            model = write(fs, fh2, BS / 2, FsTestSupport.randomBytes(6, BS), true, model);
            model = write(fs, fh2, 0, new byte[0], true, model); // empty: nothing
            assertArrayEquals(model, FsTestSupport.readAll(fs, ino));
            fs.release(fh2);
        }
        try (FsVolume vol = open(state, 0)) {
            assertArrayEquals(model, FsTestSupport.readAll(vol.fs(), ino), "after a reopen");
        }
    }

    @Test
    void aWriteStartingASessionKeepsTheOldVersion() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir.resolve("v")).withBlockSize(BS), null)) {
            FsOperations fs = vol.fs();
            long ino = FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, "doc", n("version one"));
            long fh = fs.open(ROOT, ino, OpenFlags.O_RDWR);
            byte[] two = n("VERSION");
            assertEquals(two.length, fs.write(fh, 0, framed(two, true)));
            fs.release(fh);
            assertEquals("VERSION one", new String(FsTestSupport.readAll(fs, ino), StandardCharsets.UTF_8));
            assertEquals(2, vol.versions().history(ROOT, "/doc").size(), "the old content is a kept version");
        }
    }

    @Test
    void anUnlinkedFileIsWrittenThroughItsHandle() throws Exception {
        try (FsVolume vol = open(dir.resolve("u"), 0)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("tmp"), 0600,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            fs.unlink(ROOT, FsOperations.ROOT_INO, n("tmp"));
            byte[] w = FsTestSupport.randomBytes(7, 2 * BS + 5);
            assertEquals(w.length, fs.write(c.fh(), 0, framed(w, true)));
            byte[] more = FsTestSupport.randomBytes(8, 300);
            assertEquals(more.length, fs.write(c.fh(), 10, framed(more, false)));
            System.arraycopy(more, 0, w, 10, more.length);
            byte[] back = new byte[w.length];
            assertEquals(w.length, fs.read(c.fh(), 0, back, 0, back.length));
            assertArrayEquals(w, back);
            fs.release(c.fh());
            expect(Errno.ENOENT, () -> fs.getattr(c.attr().ino()));
        }
    }

    @Test
    void badHandlesAndRangesAreRefusedAsWithArrays() throws Exception {
        try (FsVolume vol = open(dir.resolve("b"), 0)) {
            FsOperations fs = vol.fs();
            long ino = FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, "ro", n("x"));
            long ro = fs.open(ROOT, ino, OpenFlags.O_RDONLY);
            expect(Errno.EBADF, () -> fs.write(ro, 0, framed(n("y"), true)));
            long rw = fs.open(ROOT, ino, OpenFlags.O_RDWR);
            expect(Errno.EINVAL, () -> fs.write(rw, -1, framed(n("y"), true)));
            expect(Errno.EFBIG, () -> fs.write(rw, FileContent.MAX_FILE_SIZE - 1, framed(n("yz"), true)));
            assertEquals("x", new String(FsTestSupport.readAll(fs, ino), StandardCharsets.UTF_8));
            fs.release(ro);
            fs.release(rw);
        }
    }

    @Test
    void aFullCacheFailsTheWriteAndChangesNothing() throws Exception {
        try (FsVolume vol = open(dir.resolve("q"), 4L * BS)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            long ino = c.attr().ino();
            byte[] first = FsTestSupport.randomBytes(1, BS);
            assertEquals(BS, fs.write(c.fh(), 0, framed(first, true))); // starts the session
            ByteBuffer big = framed(FsTestSupport.randomBytes(2, 6 * BS), true); // the cache disk holds 4 blocks: the third new one fails
            int position = big.position();
            expect(Errno.ENOSPC, () -> fs.write(c.fh(), BS, big));
            assertEquals(position, big.position());
            assertEquals(BS, fs.getattr(ino).size(), "a failed write changes nothing");
            assertArrayEquals(first, FsTestSupport.readAll(fs, ino));
            byte[] small = FsTestSupport.randomBytes(3, 1000);
            assertEquals(small.length, fs.write(c.fh(), BS, framed(small, true))); // space for one more block
            byte[] all = FsTestSupport.readAll(fs, ino);
            assertArrayEquals(small, Arrays.copyOfRange(all, BS, all.length));
            fs.release(c.fh());
        }
    }

    @Test
    void theDefaultCopiesTheRemainingBytesIntoTheArrayWrite() throws Exception {
        try (FsVolume vol = open(dir.resolve("d"), 0)) {
            FsOperations fs = FsTestSupport.withDefault(vol.fs(), "write");
            FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] model = new byte[0];
            model = write(fs, c.fh(), 0, FsTestSupport.randomBytes(1, BS + 3), true, model);
            model = write(fs, c.fh(), 7, FsTestSupport.randomBytes(2, 500), false, model);
            assertArrayEquals(model, FsTestSupport.readAll(fs, c.attr().ino()));
            fs.release(c.fh());
        }
    }
}
