package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.expect;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.read;
import static org.qsfs.engine.fs.FsTestSupport.save;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.volume.Retention;

/**
 * A removed file's version is kept, and its inode purged, after the removal has been answered
 * (DeferredPurges): the versions read as if it happened at once, the background purges run when
 * removals pause, and a stop in between loses nothing.
 */
class DeferredPurgesTest {
    static final long R = FsOperations.ROOT_INO;
    @TempDir
    Path dir;

    private FsVolume open(Path state) throws IOException {
        return FsVolume.open(VolumeOptions.defaults(state).withBlockSize(4096).withCache(64L << 20, 0)
                .withRetention(new Retention(true, 0, null)), null);
    }

    /** Removals made while the test holds the volume lock: the background purger cannot take them meanwhile. */
    @Test
    void versionsOfRemovedFilesReadAsIfKeptAtOnce() throws Exception {
        try (FsVolume vol = open(dir)) {
            FsOperations fs = vol.fs();
            String big = "b".repeat(10_000); // three blocks
            save(fs, "gone", big);
            save(fs, "new", "the new content");
            save(fs, "old", "the old content");
            FsContext ctx = vol.fileSystem().context();
            ReentrantLock lock = ctx.db.lock();
            lock.lock();
            long before;
            long after;
            try {
                before = Clock.nowNs();
                fs.unlink(ROOT, R, n("gone"));
                fs.rename(ROOT, R, n("new"), R, n("old"), 0);
                after = Clock.nowNs();
                assertEquals(2, ctx.purges.size(), "both removals wait");
                assertEquals(0, FsTestSupport.count(vol, "SELECT count(*) FROM version"), "no version kept yet");
                List<VersionOps.FileVersion> gone = vol.versions().history(ROOT, "/gone");
                assertEquals(0, ctx.purges.size(), "reading versions kept them first");
                assertEquals(1, gone.size());
                VersionOps.FileVersion g = gone.get(0);
                assertEquals("deleted", g.kind());
                assertTrue(g.savedNs() >= before && g.savedNs() <= after, "saved as of the removal");
                assertEquals(big.substring(0, 9000), read(vol.versions(), g.ino(), g.version(), 9000));
                List<VersionOps.FileVersion> old = vol.versions().history(ROOT, "/old");
                assertEquals("replaced", old.get(0).kind());
                assertEquals("the old content", read(vol.versions(), old.get(0).ino(), old.get(0).version(), 100));
                assertTrue(old.get(old.size() - 1).current());
            } finally {
                lock.unlock();
            }
            assertEquals(0, FsTestSupport.count(vol, "SELECT count(*) FROM inode WHERE nlink = 0"));
            FsTestSupport.assertBlockCountsAddUp(vol);
        }
    }

    @Test
    void theBackgroundPurgeRunsWhenRemovalsPause() throws Exception {
        try (FsVolume vol = open(dir)) {
            FsOperations fs = vol.fs();
            long[] inos = new long[50];
            for (int k = 0; k < inos.length; k++) {
                inos[k] = FsTestSupport.writeFile(fs, R, "f" + k, n("content " + k));
                fs.setxattr(ROOT, inos[k], "user.k", n("v"), 0);
            }
            for (int k = 0; k < inos.length; k++) {
                fs.unlink(ROOT, R, n("f" + k));
                // answered for the kernel's time update right after an unlink, without a query
                expect(Errno.ENOENT, () -> fs.setattr(ROOT, inos[0], SetAttr.none().withTimes(1, 2)));
            }
            FsTestSupport.awaitCount(vol, "SELECT count(*) FROM inode WHERE nlink = 0", 0);
            FsTestSupport.awaitCount(vol, "SELECT count(*) FROM xattr", 0);
            assertEquals(50, FsTestSupport.count(vol, "SELECT count(*) FROM version WHERE kind = 1"));
            assertEquals(0, vol.fileSystem().context().purges.size());
            for (long ino : inos) {
                expect(Errno.ENOENT, () -> fs.getattr(ino));
            }
            FsTestSupport.assertBlockCountsAddUp(vol);
        }
    }

    /** What a crash leaves (the committed database with removals still deferred) is finished by the next mount. */
    @Test
    void aStopBeforeThePurgeLosesNoVersion() throws Exception {
        Path live = dir.resolve("live");
        Path crashed = dir.resolve("crashed");
        long removedAt;
        try (FsVolume vol = open(live)) {
            FsOperations fs = vol.fs();
            long sub = fs.mkdir(ROOT, R, n("sub"), 0755).ino();
            FsTestSupport.writeFile(fs, sub, "gone", n("deleted content"));
            FsTestSupport.writeFile(fs, sub, "linked", n("two names"));
            fs.link(ROOT, fs.lookup(ROOT, sub, n("linked")).ino(), R, n("other name"));
            save(fs, "kept", "the replacement");
            save(fs, "target", "replaced content");
            FsContext ctx = vol.fileSystem().context();
            ReentrantLock lock = ctx.db.lock();
            lock.lock();
            try {
                removedAt = Clock.nowNs();
                fs.unlink(ROOT, sub, n("gone"));
                fs.unlink(ROOT, sub, n("linked"));
                fs.unlink(ROOT, R, n("other name")); // its last name
                fs.rename(ROOT, R, n("kept"), R, n("target"), 0);
                assertEquals(3, ctx.purges.size());
                ctx.db.commitNow();
                FsTestSupport.copyAsAKillLeavesIt(live, crashed); // the database as a kill right now would leave it
            } finally {
                lock.unlock();
            }
        }
        try (FsVolume vol = open(crashed)) {
            assertEquals(0, FsTestSupport.count(vol, "SELECT count(*) FROM inode WHERE nlink = 0"));
            VersionOps v = vol.versions();
            long sub = vol.fs().lookup(ROOT, R, n("sub")).ino();
            VersionOps.FileVersion gone = only(v.history(ROOT, "/sub/gone"));
            assertEquals("deleted", gone.kind());
            assertTrue(gone.savedNs() >= removedAt, "saved as of the removal, from the directory history");
            assertEquals("deleted content", read(v, gone.ino(), gone.version(), 100));
            VersionOps.FileVersion linked = only(v.history(ROOT, "/other name"));
            assertEquals("two names", read(v, linked.ino(), linked.version(), 100));
            List<VersionOps.FileVersion> target = v.history(ROOT, "/target");
            assertEquals("replaced", target.get(0).kind());
            assertEquals("replaced content", read(v, target.get(0).ino(), target.get(0).version(), 100));
            assertEquals("the replacement", new String(FsTestSupport.readAll(vol.fs(),
                    vol.fs().lookup(ROOT, R, n("target")).ino())));
            expect(Errno.ENOENT, () -> vol.fs().lookup(ROOT, sub, n("gone")));
            FsTestSupport.assertBlockCountsAddUp(vol);
        }
    }

    private static VersionOps.FileVersion only(List<VersionOps.FileVersion> history) {
        assertEquals(1, history.size(), "versions: " + history);
        return history.get(0);
    }
}
