package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Tables;

/**
 * The upload queue deletes the backend copy of a dropped block only once the drop is
 * committed: a kill before that commit brings the block back, mapped and safe under that
 * reference, and its shards must still be there (CowCrashTest saw a safe block with 4 of its 6
 * shards gone after a kill: the queue had collected the garbage of an uncommitted drop).
 */
class GarbageAfterCommitTest {
    @TempDir
    Path dir;

    @Test
    void shardsOfADroppedBlockGoOnlyOnceTheDropIsCommitted() throws Exception {
        Path dbFile = dir.resolve("volume.db");
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        try (VolumeCluster cluster = new VolumeCluster(dir); Db db = new Db(dbFile);
                CacheFiles files = new CacheFiles(dir.resolve("cache"), 0)) {
            Tables t = new Tables(db);
            BlockBackend backend = new StoreBlockBackend(cluster.engine().blocks());
            long now = UploadQueue.wallNs();
            BlockRow b = db.tx(() -> {
                t.blocks.initIds();
                BlockRow r = t.blocks.create(data.length, now);
                t.blocks.map(7, 0, r);
                return r;
            });
            byte[] ref = backend.put(b.bid(), data, data.length).ref();
            db.run(() -> {
                t.blocks.markSafe(t.blocks.get(b.id()), ref, BlockCache.crc(data, data.length));
                return null;
            });
            // from here only the test and the queue commit (the timer would fire in an hour)
            db.startGroupCommit(Duration.ofHours(1));
            db.run(() -> {
                t.blocks.unmap(7, 0); // the last reference goes: the block is dropped, its reference is garbage
                return null;
            });
            assertTrue(db.uncommittedCalls() > 0, "the drop is not committed yet");
            UploadQueue queue = new UploadQueue(db, t.blocks, files, new CacheLimit(64L << 20), backend, 1,
                    Duration.ZERO, 0);
            queue.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (stored(backend, ref)) {
                    assertTrue(System.nanoTime() < deadline, "the garbage was never collected");
                    Thread.sleep(20);
                }
            } finally {
                queue.close();
            }
            // what a kill leaves: another connection sees only what was committed
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
                    ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM block WHERE id = " + b.id())) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the block's shards were deleted while its drop was not committed");
            }
        }
    }

    private static boolean stored(BlockBackend backend, byte[] ref) throws InterruptedException {
        try {
            backend.get(ref);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
