package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.expect;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/**
 * {@link FsOperations#read(long, long, ByteBuffer)}, the mount's read straight into its reply
 * buffer: direct and heap buffers with bytes of their own before the position and after the
 * limit, over whole and partial blocks, holes, a short last block and the end of the file, in a
 * new process, and through the interface's default. (Checked copies of safe blocks read into
 * direct buffers: {@code VerifyWithoutLockTest}.)
 */
class ByteBufferReadTest {
    static final int BS = 64 * 1024;
    private static final int PAD = 16; // as the fuse_out_header before a READ reply's data

    @TempDir
    Path dir;

    private FsVolume open(Path state) throws Exception {
        return FsVolume.open(VolumeOptions.defaults(state).withBlockSize(BS).withCache(64L << 20, 0)
                .withRetention(Retention.NONE), null);
    }

    /**
     * Reads {@code len} bytes at {@code pos} into a framed buffer and checks them against the
     * model: the count, the bytes, the position moved by the count, nothing else touched.
     */
    private static void check(FsOperations fs, long fh, long pos, int len, boolean direct, byte[] model) throws FsException {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(len + 2 * PAD) : ByteBuffer.allocate(len + 2 * PAD);
        byte[] frame = FsTestSupport.randomBytes(-9, len + 2 * PAD);
        b.put(frame).position(PAD).limit(PAD + len);
        int want = (int) Math.max(0, Math.min(len, model.length - pos));
        String at = pos + "+" + len + (direct ? " direct" : " heap");
        assertEquals(want, fs.read(fh, pos, b), "count at " + at);
        assertEquals(PAD + want, b.position(), "position at " + at);
        assertEquals(PAD + len, b.limit(), "limit at " + at);
        byte[] all = new byte[b.capacity()];
        b.duplicate().clear().get(all);
        if (want > 0) {
            assertArrayEquals(Arrays.copyOfRange(model, (int) pos, (int) pos + want),
                    Arrays.copyOfRange(all, PAD, PAD + want), "bytes at " + at);
        }
        assertArrayEquals(Arrays.copyOfRange(frame, 0, PAD), Arrays.copyOfRange(all, 0, PAD), "before the position at " + at);
        assertArrayEquals(Arrays.copyOfRange(frame, PAD + want, frame.length),
                Arrays.copyOfRange(all, PAD + want, all.length), "after the bytes read at " + at);
    }

    /** A file of blocks, a hole of two blocks and a short last block. */
    private static byte[] writeModel(FsOperations fs, long fh) throws FsException {
        byte[] model = new byte[0];
        byte[] a = FsTestSupport.randomBytes(1, 3 * BS + 100);
        fs.write(fh, 0, a, 0, a.length);
        model = FsTestSupport.written(model, 0, a);
        byte[] c = FsTestSupport.randomBytes(2, BS / 2 + 7);
        long far = 6L * BS + 11; // blocks 4 and 5: never written
        fs.write(fh, far, c, 0, c.length);
        return FsTestSupport.written(model, far, c);
    }

    private static void readEverywhere(FsOperations fs, long fh, byte[] model) throws FsException {
        Random r = new Random(3);
        int[][] cases = {{0, BS}, {0, 3 * BS}, {BS - 1, 2}, {100, 4 * BS}, {3 * BS, 3 * BS}, {4 * BS + 5, BS},
            {model.length - 10, BS}, {model.length, BS}, {model.length + 5, 7},
            {0, model.length + BS}, {5, 0}};
        for (boolean direct : new boolean[] {true, false}) {
            for (int[] k : cases) {
                check(fs, fh, k[0], k[1], direct, model);
            }
            for (int i = 0; i < 40; i++) {
                check(fs, fh, r.nextInt(model.length + BS), 1 + r.nextInt(3 * BS), direct, model);
            }
        }
    }

    @Test
    void directAndHeapBuffersReadWhatArraysRead() throws Exception {
        Path state = dir.resolve("s");
        byte[] model;
        long ino;
        try (FsVolume vol = open(state)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            ino = c.attr().ino();
            model = writeModel(fs, c.fh());
            readEverywhere(fs, c.fh(), model); // dirty blocks, written by this process
            fs.release(c.fh());
            assertArrayEquals(model, FsTestSupport.readAll(fs, ino));
        }
        try (FsVolume vol = open(state)) { // a new process: its in-memory rows start empty
            FsOperations fs = vol.fs();
            long fh = fs.open(ROOT, ino, OpenFlags.O_RDONLY);
            readEverywhere(fs, fh, model);
            fs.release(fh);
        }
    }

    @Test
    void badHandlesAndOffsetsAreRefusedAsWithArrays() throws Exception {
        try (FsVolume vol = open(dir.resolve("b"))) {
            FsOperations fs = vol.fs();
            long ino = FsTestSupport.writeFile(fs, FsOperations.ROOT_INO, "wo", n("x"));
            long wo = fs.open(ROOT, ino, OpenFlags.O_WRONLY);
            expect(Errno.EBADF, () -> fs.read(wo, 0, ByteBuffer.allocateDirect(8)));
            long ro = fs.open(ROOT, ino, OpenFlags.O_RDONLY);
            expect(Errno.EINVAL, () -> fs.read(ro, -1, ByteBuffer.allocateDirect(8)));
            expect(Errno.EINVAL, () -> fs.read(ro, -1, new byte[8], 0, 8)); // the array read as before
            expect(Errno.EINVAL, () -> fs.read(ro, 0, new byte[8], 0, -1));
            fs.release(wo);
            fs.release(ro);
        }
    }

    @Test
    void theDefaultReadsIntoAnArrayAndCopiesIt() throws Exception {
        try (FsVolume vol = open(dir.resolve("d"))) {
            FsOperations fs = FsTestSupport.withDefault(vol.fs(), "read");
            FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] model = writeModel(fs, c.fh());
            readEverywhere(fs, c.fh(), model);
            fs.release(c.fh());
        }
    }
}
