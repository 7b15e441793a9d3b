package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.read;
import static org.qsfs.engine.fs.FsTestSupport.save;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/** What a deleted file leaves: its content as a kept version, and block reference counts that add up. */
class DeletedFileVersionsTest {
    static final long R = FsOperations.ROOT_INO;
    @TempDir
    Path dir;

    /**
     * A deleted file's map moves into its kept version (no reference count changes) when no
     * handle holds the file, and is shared then unmapped when one does: either way every
     * block's count equals the maps that name it, and the kept content reads back.
     */
    @Test
    void deletedFilesHandTheirBlocksToTheirVersionsWithCountsThatAddUp() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(4096)
                .withCache(64L << 20, 0).withRetention(new Retention(true, 2, null)), null)) {
            FsOperations fs = vol.fs();
            VersionOps v = vol.versions();
            String big = "b".repeat(10_000); // three blocks
            save(fs, "gone", big);
            save(fs, "held", "held open while deleted");
            save(fs, "twice", "first");
            save(fs, "twice", "second"); // a kept version, then the current content is deleted too
            long held = fs.lookup(ROOT, R, n("held")).ino();
            long fh = fs.open(ROOT, held, OpenFlags.O_RDONLY);
            fs.unlink(ROOT, R, n("gone"));
            fs.unlink(ROOT, R, n("held"));
            fs.unlink(ROOT, R, n("twice"));
            FsTestSupport.assertBlockCountsAddUp(vol);
            byte[] b = new byte[16];
            assertEquals(16, fs.read(fh, 0, b, 0, 16), "the open handle still reads");
            fs.release(fh);
            FsTestSupport.assertBlockCountsAddUp(vol);
            List<VersionOps.FileVersion> gone = v.history(ROOT, "/gone");
            VersionOps.FileVersion g = gone.get(gone.size() - 1);
            assertEquals(big.substring(0, 9000), read(v, g.ino(), g.version(), 9000));
            List<VersionOps.FileVersion> twice = v.history(ROOT, "/twice");
            assertEquals("second", read(v, twice.get(twice.size() - 1).ino(), twice.get(twice.size() - 1).version(), 100));
            assertEquals("first", read(v, twice.get(0).ino(), twice.get(0).version(), 100));
            long blocks = FsTestSupport.count(vol, "SELECT count(*) FROM block");
            assertTrue(blocks >= 6, "kept versions hold their blocks: " + blocks);
        }
    }
}
