package org.qsfs.engine.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.read;
import static org.qsfs.engine.fs.FsTestSupport.save;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.DirEntry;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.VersionOps;
import org.qsfs.engine.fs.VolumeOptions;

/** Versions (history, restore, the tree at a past time, retention) and 100,000 files in one directory. */
class VersionsAndScaleTest {
    static final long R = FsOperations.ROOT_INO;
    static final Caller ROOT = Caller.ROOT;
    @TempDir
    Path dir;

    @Test
    void overwriteAndDeleteKeepVersions() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(64 * 1024)
                .withCache(64L << 20, 0), null)) {
            FsOperations fs = vol.fs();
            VersionOps v = vol.versions();
            save(fs, "doc", "first");
            Thread.sleep(5);
            long between = System.currentTimeMillis() * 1_000_000L;
            Thread.sleep(5);
            save(fs, "doc", "second!");
            save(fs, "doc", "third");
            List<VersionOps.FileVersion> h = v.history(ROOT, "/doc");
            assertEquals(3, h.size(), h.toString());
            assertEquals("first", read(v, h.get(0).ino(), h.get(0).version(), 100));
            assertEquals("second!", read(v, h.get(1).ino(), h.get(1).version(), 100));
            assertTrue(h.get(2).current());
            // the tree as it was between the first and second save
            VersionOps.TreeView past = v.at(between);
            Attr old = past.lookup(R, n("doc"));
            assertEquals(5, old.size());
            byte[] b = new byte[10];
            assertEquals(5, past.read(old.ino(), 0, b, 0, 10));
            assertEquals("first", new String(b, 0, 5, StandardCharsets.UTF_8));
            // restore the first version; the third is kept
            v.restoreVersion(ROOT, "/doc", h.get(0).ino(), h.get(0).version());
            Attr now = fs.lookup(ROOT, R, n("doc"));
            assertEquals(5, now.size());
            assertEquals(4, v.history(ROOT, "/doc").size());
            // delete: history still reachable by path, and the file comes back
            fs.unlink(ROOT, R, n("doc"));
            List<VersionOps.FileVersion> afterDelete = v.history(ROOT, "/doc");
            assertEquals("deleted", afterDelete.get(afterDelete.size() - 1).kind());
            VersionOps.FileVersion last = afterDelete.get(afterDelete.size() - 1);
            v.restoreVersion(ROOT, "/doc", last.ino(), last.version());
            assertEquals(5, fs.lookup(ROOT, R, n("doc")).size());
            // a name that was removed is still visible in the past view
            save(fs, "tmp", "t");
            Thread.sleep(5); // the entry's ns creation time must fall before this ms-granular instant
            long beforeRemoval = System.currentTimeMillis() * 1_000_000L;
            Thread.sleep(5);
            fs.unlink(ROOT, R, n("tmp"));
            assertTrue(past.readdir(R).stream().noneMatch(e -> e.nameString().equals("tmp")));
            assertTrue(v.at(beforeRemoval).readdir(R).stream().anyMatch(e -> e.nameString().equals("tmp")));
            try {
                fs.lookup(ROOT, R, n("tmp"));
            } catch (FsException e) {
                assertEquals(Errno.ENOENT, e.errno());
            }
        }
    }

    /** A restore puts a new file in place: whoever has the old one open keeps reading what they opened. */
    @Test
    void restoreReplacesTheFileAndOpenHandlesKeepTheirs() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(64 * 1024)
                .withCache(64L << 20, 0), null)) {
            FsOperations fs = vol.fs();
            VersionOps v = vol.versions();
            save(fs, "doc", "first");
            save(fs, "doc", "second, longer");
            long oldIno = fs.lookup(ROOT, R, n("doc")).ino();
            long fh = fs.open(ROOT, oldIno, OpenFlags.O_RDONLY);
            VersionOps.FileVersion first = v.history(ROOT, "/doc").get(0);
            Attr restored = v.restoreVersion(ROOT, "/doc", first.ino(), first.version());

            Attr now = fs.lookup(ROOT, R, n("doc"));
            assertEquals(restored.ino(), now.ino());
            assertTrue(now.ino() != oldIno, "a new file in place of the old one");
            assertEquals(5, now.size());
            byte[] b = new byte[20];
            long fresh = fs.open(ROOT, now.ino(), OpenFlags.O_RDONLY);
            assertEquals("first", new String(b, 0, fs.read(fresh, 0, b, 0, 20), StandardCharsets.UTF_8));
            fs.release(fresh);
            assertEquals("second, longer", new String(b, 0, fs.read(fh, 0, b, 0, 20), StandardCharsets.UTF_8),
                    "the open handle reads what it opened");
            fs.release(fh);
            List<VersionOps.FileVersion> h = v.history(ROOT, "/doc");
            assertEquals(3, h.size(), h.toString()); // first, "second, longer" (replaced by the restore), current
            assertEquals("second, longer", read(v, h.get(1).ino(), h.get(1).version(), 20));
        }
    }

    @Test
    void retentionLimitsVersions() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir).withBlockSize(64 * 1024)
                .withCache(64L << 20, 0).withRetention(new Retention(true, 2, null)), null)) {
            for (int i = 0; i < 6; i++) {
                save(vol.fs(), "r", "content " + i);
            }
            List<VersionOps.FileVersion> h = vol.versions().history(ROOT, "/r");
            assertEquals(3, h.size()); // two kept + current
            assertEquals("content 3", read(vol.versions(), h.get(0).ino(), h.get(0).version(), 100));
        }
    }

    @Test
    void hundredThousandFilesInOneDirectory() throws Exception {
        try (FsVolume vol = FsVolume.open(VolumeOptions.defaults(dir).withCache(256L << 20, 0), null)) {
            FsOperations fs = vol.fs();
            long d = fs.mkdir(ROOT, R, n("many"), 0755).ino();
            long t0 = System.nanoTime();
            int count = 100_000;
            for (int i = 0; i < count; i++) {
                FsOperations.Created c = fs.create(ROOT, d, n("file-" + i), 0644, OpenFlags.O_WRONLY
                        | OpenFlags.O_CREAT);
                fs.release(c.fh());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("created %d files in %.1f s (%.0f/s)%n", count, secs, count / secs);
            assertEquals(77_777, Integer.parseInt(fs.lookup(ROOT, d, n("file-77777")).ino() > 0 ? "77777" : "0"));
            long seen = 0;
            long off = 0;
            while (true) {
                List<DirEntry> page = fs.readdir(ROOT, d, off, 4096);
                if (page.isEmpty()) {
                    break;
                }
                seen += page.size();
                off = page.get(page.size() - 1).offset();
            }
            assertEquals(count + 2, seen);
            for (int i = 0; i < count; i += 10) {
                fs.unlink(ROOT, d, n("file-" + i));
            }
            assertEquals(2, fs.getattr(d).nlink());
        }
    }
}
