package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block the upload queue has just marked safe is not evicted before that is committed: a
 * kill right after such an eviction brought the row back as dirty with its only copy deleted,
 * and the next start sent it as zeros. Real zdb-servers on loopback; the "kill" is a copy of
 * the volume's files taken under the volume lock, as a SIGKILL at that instant leaves them.
 */
class EvictionBeforeCommitTest {
    static final int BS = 64 * 1024;
    @TempDir
    Path dir;

    private FsVolume open(VolumeCluster cluster, Path state) throws Exception {
        return FsVolume.open(VolumeOptions.defaults(state).withBlockSize(BS).withCache(16L * BS, 0)
                .withUploads(2, Duration.ZERO, 0), cluster.engine());
    }

    @Test
    void anEvictionRightAfterTheUploadLeavesTheBlockRecoverable() throws Exception {
        Path live = dir.resolve("live");
        Path killed = dir.resolve("killed");
        byte[] data = new byte[6 * BS];
        new Random(5).nextBytes(data);
        try (VolumeCluster cluster = new VolumeCluster(dir.resolve("zdb"))) {
            try (FsVolume vol = open(cluster, live)) {
                FsOperations fs = vol.fs();
                vol.uploads().pause();
                FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, FsTestSupport.n("kept"), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                fs.write(c.fh(), 0, data, 0, data.length);
                fs.fsync(c.fh(), false); // its rows are committed, its blocks dirty
                fs.release(c.fh());
                vol.uploads().resume();
                while (vol.uploads().progress().pendingBytes() > 0) {
                    Thread.sleep(2); // marked safe, most likely not yet committed (the group commit is every second)
                }
                FsContext ctx = vol.fileSystem().context();
                ctx.cache.evict(Long.MAX_VALUE); // everything evictable now
                ReentrantLock lock = ctx.db.lock();
                lock.lock();
                try {
                    FsTestSupport.copyAsAKillLeavesIt(live, killed); // what a kill right now would leave
                } finally {
                    lock.unlock();
                }
            }
            try (FsVolume vol = open(cluster, killed)) {
                FsOperations fs = vol.fs();
                long ino = fs.lookup(ROOT, FsOperations.ROOT_INO, FsTestSupport.n("kept")).ino();
                assertEquals(data.length, fs.getattr(ino).size());
                assertArrayEquals(data, FsTestSupport.readAll(fs, ino), "the fsync'ed file after the kill");
                vol.uploads().drain(Duration.ofSeconds(30));
                assertArrayEquals(data, FsTestSupport.readAll(fs, ino), "and once its blocks are all safe");
            }
        }
    }
}
