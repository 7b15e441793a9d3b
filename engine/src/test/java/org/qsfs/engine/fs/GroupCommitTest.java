package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.n;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes and metadata are batched (in memory, then in a group transaction committed every
 * second and by fsync): what was fsync'ed, committed by the timer or written before a clean
 * close survives; a kill loses at most the un-fsync'ed calls of the last second, and leaves
 * a consistent tree.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    static VolumeOptions options(Path state) {
        return VolumeOptions.defaults(state).withCache(256L << 20, 0);
    }

    @Test
    void killLosesOnlyWhatWasNeitherFsyncedNorCommitted() throws Exception {
        Path state = dir.resolve("state");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                GroupCommitWriter.class.getName(),
                state.toString())).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                out.append(l).append('\n');
            }
        }
        assertEquals(9, p.waitFor(), out.toString());
        assertTrue(out.toString().contains("HALT"), out.toString());
        try (FsVolume vol = FsVolume.open(options(state), null)) {
            FsOperations fs = vol.fs();
            for (String name : new String[] {"synced", "timed"}) {
                Attr a = fs.lookup(Caller.ROOT, FsOperations.ROOT_INO, n(name));
                byte[] got = FsTestSupport.readAll(fs, a.ino());
                byte[] want = GroupCommitWriter.content(name, GroupCommitWriter.SIZE);
                if (name.equals("synced") && got.length > want.length) {
                    // its un-fsync'ed growth may or may not have been committed: never anything else
                    byte[] more = GroupCommitWriter.content("more", 200_000);
                    assertEquals(want.length + more.length, got.length);
                    assertArrayEquals(more, Arrays.copyOfRange(got, want.length, got.length));
                    got = Arrays.copyOf(got, want.length);
                }
                assertArrayEquals(want, got, name);
            }
            // "lost" was written just before the kill: absent, or a consistent prefix of what was written
            try {
                Attr a = fs.lookup(Caller.ROOT, FsOperations.ROOT_INO, n("lost"));
                byte[] got = FsTestSupport.readAll(fs, a.ino());
                byte[] want = GroupCommitWriter.content("lost", GroupCommitWriter.SIZE);
                assertTrue(got.length <= want.length);
                assertArrayEquals(Arrays.copyOf(want, got.length), got);
            } catch (FsException e) {
                assertEquals(Errno.ENOENT, e.errno());
            }
            TreeManifest.of(fs);
            CrashTest.checkLinkCounts(fs, FsOperations.ROOT_INO);
        }
    }

    @Test
    void closeCommitsEverything() throws Exception {
        Path state = dir.resolve("close");
        byte[] data = GroupCommitWriter.content("x", 5_000_000);
        long ino;
        try (FsVolume vol = FsVolume.open(options(state), null)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            for (int off = 0; off < data.length; off += 100_000) {
                fs.write(c.fh(), off, data, off, Math.min(100_000, data.length - off));
            }
            fs.release(c.fh());
            fs.mkdir(Caller.ROOT, FsOperations.ROOT_INO, n("d"), 0700);
            ino = c.attr().ino();
        }
        try (FsVolume vol = FsVolume.open(options(state), null)) {
            FsOperations fs = vol.fs();
            assertArrayEquals(data, FsTestSupport.readAll(fs, ino));
            assertEquals(data.length, fs.getattr(ino).size());
            assertEquals(0700, fs.lookup(Caller.ROOT, FsOperations.ROOT_INO, n("d")).perm());
        }
    }

    @Test
    void fsyncCommitsAndAFailedCallInTheBatchChangesNothingElse() throws Exception {
        try (FsVolume vol = FsVolume.open(options(dir.resolve("s")), null)) {
            FsOperations fs = vol.fs();
            org.qsfs.engine.volume.Db db = vol.tables().db;
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("a"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] data = GroupCommitWriter.content("a", 2_500_000);
            fs.write(c.fh(), 0, data, 0, 1_000_000);
            fs.write(c.fh(), 1_000_000, data, 1_000_000, 1_500_000);
            assertTrue(db.uncommittedCalls() > 0, "calls are batched");
            // a call that fails inside the batch rolls back alone
            assertThrows(FsException.class, () -> fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("a"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_EXCL));
            fs.mkdir(Caller.ROOT, FsOperations.ROOT_INO, n("d"), 0755);
            fs.fsync(c.fh(), false);
            assertEquals(0, db.uncommittedCalls(), "fsync commits the batch");
            assertArrayEquals(data, FsTestSupport.readAll(fs, c.attr().ino()));
            assertEquals(data.length, fs.getattr(c.attr().ino()).size());
            fs.lookup(Caller.ROOT, FsOperations.ROOT_INO, n("d"));
            fs.release(c.fh());
        }
    }

    @Test
    void readsSeeWritesAtOnceAndTruncateDropsThem() throws Exception {
        try (FsVolume vol = FsVolume.open(options(dir.resolve("r")), null)) {
            FsOperations fs = vol.fs();
            FsOperations.Created c = fs.create(Caller.ROOT, FsOperations.ROOT_INO, n("f"), 0644,
                    OpenFlags.O_RDWR | OpenFlags.O_CREAT);
            byte[] data = GroupCommitWriter.content("f", 3_000_000);
            for (int off = 0; off < data.length; off += 4096) {
                int len = Math.min(4096, data.length - off);
                fs.write(c.fh(), off, data, off, len);
                byte[] back = new byte[len];
                assertEquals(len, fs.read(c.fh(), off, back, 0, len));
                assertArrayEquals(Arrays.copyOfRange(data, off, off + len), back);
                if (off % (512 * 1024) == 0) {
                    assertEquals(off + len, fs.getattr(c.attr().ino()).size());
                }
            }
            fs.setattr(Caller.ROOT, c.attr().ino(), SetAttr.none().withSize(1000));
            assertEquals(1000, fs.getattr(c.attr().ino()).size());
            byte[] back = new byte[5000];
            assertEquals(1000, fs.read(c.fh(), 0, back, 0, 5000));
            assertArrayEquals(Arrays.copyOf(data, 1000), Arrays.copyOf(back, 1000));
            fs.write(c.fh(), 2000, data, 0, 10);
            assertEquals(2010, fs.read(c.fh(), 0, back, 0, 5000));
            for (int i = 1000; i < 2000; i++) {
                assertEquals(0, back[i], "the truncated range reads as zeros");
            }
            fs.release(c.fh());
        }
    }
}
