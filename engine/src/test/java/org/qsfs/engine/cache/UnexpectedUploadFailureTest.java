package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Tables;

/**
 * A claim whose upload fails unexpectedly (a RuntimeException, not a failed put) goes back to
 * the queue and is sent again by the same process: its blocks once stayed uploading until the
 * next start, never sent, and a drain waited for them in vain. Real zdb-servers on loopback, real
 * SQLite, real files; the failure is thrown once, by the read hook or by the marked-safe listener.
 */
class UnexpectedUploadFailureTest {
    static final int BS = UnreadableCacheCopyTest.BS;
    static final int FILES = 5;
    static final int LEN = 10_000; // small files: the queue claims them together, as one batch
    @TempDir
    Path dir;

    private FsVolume open(VolumeCluster cluster) throws Exception {
        return UnreadableCacheCopyTest.open(dir.resolve("s"), cluster);
    }

    /** Throws once, on an upload worker's thread. */
    private static final class OneFailure {
        final AtomicInteger thrown = new AtomicInteger();

        void maybeThrow() {
            if (Thread.currentThread().getName().startsWith("qsfs-upload-") && thrown.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected: an unexpected failure in the upload worker");
            }
        }
    }

    /**
     * Writes small files with the queue paused, arms {@code failure}, resumes: the drain must
     * succeed within seconds in this process, and every file read back from the backends.
     */
    private void sentDespite(FsVolume vol, OneFailure failure, Runnable arm) throws Exception {
        UploadQueue q = vol.uploads();
        q.pause();
        long[] inos = new long[FILES];
        for (int i = 0; i < FILES; i++) {
            inos[i] = CacheBehaviourTest.write(vol.fs(), "f" + i, CacheBehaviourTest.content(20 + i, LEN));
        }
        arm.run();
        q.resume();
        q.drain(Duration.ofSeconds(10)); // without the give-back: EIO after 10 s, the blocks stay uploading
        assertEquals(1, failure.thrown.get(), "the failure was thrown");
        assertEquals(0, q.progress().pendingBlocks());
        long deadline = System.nanoTime() + 2_000_000_000L; // the worker says so just after the commit a drain sees
        while (q.progress().degraded() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(q.progress().degraded(), "reported failing until the retry succeeded, not after");
        for (int i = 0; i < FILES; i++) {
            assertArrayEquals(CacheBehaviourTest.content(20 + i, LEN),
                    UnreadableCacheCopyTest.fromTheBackends(vol, inos[i], LEN), "file " + i);
        }
    }

    @Test
    void aClaimWhoseReadThrowsIsSentAgainWithoutARestart() throws Exception {
        OneFailure failure = new OneFailure();
        try (VolumeCluster cluster = new VolumeCluster(dir.resolve("zdb")); FsVolume vol = open(cluster)) {
            sentDespite(vol, failure, () -> CacheFiles.readHook = (id, pos, len) -> failure.maybeThrow());
        } finally {
            CacheFiles.readHook = null;
        }
    }

    @Test
    void aClaimWhoseMarkingSafeThrowsIsSentAgainWithoutARestart() throws Exception {
        OneFailure failure = new OneFailure();
        try (VolumeCluster cluster = new VolumeCluster(dir.resolve("zdb")); FsVolume vol = open(cluster)) {
            BlockCache cache = vol.cache();
            // thrown inside the transaction that marks the claim safe: it rolls back, the shards are stored
            sentDespite(vol, failure, () -> vol.uploads().onMarkedSafe((id, fromFile) -> {
                failure.maybeThrow();
                cache.markedSafe(id, fromFile);
            }));
        }
    }

    /** What a give-back puts back: only blocks still uploading (not safe ones, not dropped ones, not dirty ones). */
    @Test
    void onlyBlocksStillUploadingGoBack() throws Exception {
        try (Db db = new Db(dir.resolve("volume.db"))) {
            Tables t = new Tables(db);
            long now = UploadQueue.wallNs();
            BlockRow[] b = db.tx(() -> {
                t.blocks.initIds();
                BlockRow[] r = new BlockRow[4];
                for (int i = 0; i < r.length; i++) {
                    r[i] = t.blocks.create(100, now);
                    t.blocks.map(7, i, r[i]);
                }
                for (int i = 0; i < 3; i++) {
                    t.blocks.setState(r[i].id(), BlockRow.UPLOADING); // r[3] stays dirty
                }
                t.blocks.markSafe(t.blocks.get(r[1].id()), new byte[] {1}, 0);
                t.blocks.unmap(7, 2); // dropped: its row goes
                return r;
            });
            boolean[] back = db.tx(() -> new boolean[] {t.blocks.retryLater(b[0].id(), now + 5),
                t.blocks.retryLater(b[1].id(), now + 5), t.blocks.retryLater(b[2].id(), now + 5),
                t.blocks.retryLater(b[3].id(), now + 5)});
            assertTrue(back[0], "uploading: back to the queue");
            assertFalse(back[1] || back[2] || back[3], "safe, dropped, dirty: left alone");
            db.read(() -> {
                assertEquals(BlockRow.DIRTY, t.blocks.get(b[0].id()).state());
                assertEquals(BlockRow.SAFE, t.blocks.get(b[1].id()).state());
                assertNull(t.blocks.get(b[2].id()));
                assertEquals(1, t.blocks.uploadCandidates(Long.MAX_VALUE, now, 10).size(),
                        "the dirty one keeps its retry time; the one put back waits for its own");
                return null;
            });
        }
    }
}
