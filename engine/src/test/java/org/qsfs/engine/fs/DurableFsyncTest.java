package org.qsfs.engine.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qsfs.engine.fs.FsTestSupport.ROOT;
import static org.qsfs.engine.fs.FsTestSupport.n;
import static org.qsfs.engine.fs.FsTestSupport.readAll;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.object.StorageEngine;

/** With durable fsync, an fsync returns only once the file is safe on the backends, or fails with EIO. */
class DurableFsyncTest {
    @TempDir
    Path dir;

    static VolumeOptions durable(Path state, Duration timeout) {
        // a long settle time: without the fsync nothing would be uploaded during the test
        return VolumeOptions.defaults(state).withBlockSize(256 * 1024).withCache(32L << 20, 0)
                .withUploads(2, Duration.ofHours(1), 0).withJournal(Duration.ofHours(1), Duration.ofHours(1))
                .withDurableFsync(true, timeout);
    }

    @Test
    void fsyncReturnsOnceDataAndMetadataAreOnTheBackends() throws Exception {
        byte[] data = new byte[700_000];
        new Random(3).nextBytes(data);
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            try (FsVolume vol = FsVolume.open(durable(dir.resolve("s"), Duration.ofSeconds(30)), cluster.engine())) {
                FsOperations fs = vol.fs();
                FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("doc"), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                fs.write(c.fh(), 0, data, 0, data.length);
                assertTrue(vol.uploads().progress().pendingBytes() > 0, "nothing was sent before the fsync");
                fs.fsync(c.fh(), false);
                assertEquals(0, vol.uploads().progress().pendingBytes(), "fsync returned with data still local");
                fs.release(c.fh());
                // the machine is lost right after the fsync: a fresh one restores the file from the backends
                try (StorageEngine fresh = cluster.newEngine();
                     FsVolume restored = FsVolume.restore(durable(dir.resolve("fresh"), Duration.ofSeconds(30)),
                             fresh)) {
                    Attr a = restored.fs().lookup(ROOT, FsOperations.ROOT_INO, n("doc"));
                    assertArrayEquals(data, readAll(restored.fs(), a.ino()));
                }
            }
        }
    }

    @Test
    void fsyncFailsWithEioWhenTheBackendsCannotTakeTheFile() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            try (FsVolume vol = FsVolume.open(durable(dir.resolve("s"), Duration.ofSeconds(2)), cluster.engine())) {
                FsOperations fs = vol.fs();
                cluster.zdb.stop(0);
                cluster.zdb.stop(1);
                cluster.zdb.stop(2); // 3 of 6 left: fewer than k + m = 6, so no block can be made safe
                FsOperations.Created c = fs.create(ROOT, FsOperations.ROOT_INO, n("doc"), 0644,
                        OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                byte[] data = n("must not be called safe");
                fs.write(c.fh(), 0, data, 0, data.length);
                long t0 = System.nanoTime();
                FsTestSupport.expect(Errno.EIO, () -> fs.fsync(c.fh(), false));
                assertTrue(System.nanoTime() - t0 >= 1_500_000_000L, "fsync waited for its timeout");
                // nothing is lost: the data is still readable locally and goes out when backends return
                assertArrayEquals(data, readAll(fs, c.attr().ino()));
                cluster.zdb.start(0);
                cluster.zdb.start(1);
                cluster.zdb.start(2);
                vol.uploads().drain(Duration.ofSeconds(60));
                fs.fsync(c.fh(), false);
                assertEquals(0, vol.uploads().progress().pendingBytes());
                fs.release(c.fh());
            }
        }
    }
}
