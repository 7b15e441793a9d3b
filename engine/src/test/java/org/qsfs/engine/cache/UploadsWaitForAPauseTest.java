package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.fs.VolumeOptions;

/**
 * Uploads wait while the drive is busy serving calls and its cache has room, for at most
 * {@link UploadQueue#BUSY_WAIT_SETTLES} settle times, and go as soon as the calls pause.
 * Real zdb-servers on loopback.
 */
class UploadsWaitForAPauseTest {
    static final int BS = 256 * 1024;
    static final Duration SETTLE = Duration.ofMillis(100);
    @TempDir
    Path dir;

    /** Calls the drive every 10 ms on its own thread until closed: a user at work. */
    static final class BusyUser implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        BusyUser(FsOperations fs) {
            thread = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        fs.getattr(FsOperations.ROOT_INO);
                        Thread.sleep(10);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "busy-user");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    private FsVolume open(VolumeCluster cluster, long cacheLimit) throws Exception {
        return open(cluster, cacheLimit, SETTLE);
    }

    private FsVolume open(VolumeCluster cluster, long cacheLimit, Duration settle) throws Exception {
        return FsVolume.open(VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS).withCache(cacheLimit, 0)
                .withUploads(2, settle, 0), cluster.engine());
    }

    private static long pending(FsVolume vol) {
        return vol.uploads().progress().pendingBytes();
    }

    private static long waitUntilUploaded(FsVolume vol, long timeoutMs) throws InterruptedException {
        long start = System.nanoTime();
        while (pending(vol) > 0 && (System.nanoTime() - start) / 1_000_000 < timeoutMs) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void settledBlocksWaitWhileTheDriveIsBusyAndGoWhenItPauses() throws Exception {
        try (VolumeCluster cluster = new VolumeCluster(dir); FsVolume vol = open(cluster, 64L << 20)) {
            try (BusyUser user = new BusyUser(vol.fs())) {
                CacheBehaviourTest.write(vol.fs(), "a", CacheBehaviourTest.content(1, 3 * BS));
                Thread.sleep(8 * SETTLE.toMillis()); // settled long ago, still within the busy wait
                assertEquals(3 * BS, pending(vol), "nothing is sent while the drive is busy");
            }
            long took = waitUntilUploaded(vol, 10_000);
            assertEquals(0, pending(vol), "sent once the calls paused");
            assertTrue(took < 5_000, "sent within seconds of the pause, took " + took + " ms");
        }
    }

    @Test
    void aBusyDriveDelaysABlockAtMostTheBusyWait() throws Exception {
        long bound = UploadQueue.BUSY_WAIT_SETTLES * SETTLE.toMillis();
        try (VolumeCluster cluster = new VolumeCluster(dir); FsVolume vol = open(cluster, 64L << 20);
             BusyUser user = new BusyUser(vol.fs())) {
            CacheBehaviourTest.write(vol.fs(), "a", CacheBehaviourTest.content(2, 2 * BS));
            long took = waitUntilUploaded(vol, bound + 8_000);
            assertEquals(0, pending(vol), "sent although the drive never paused");
            assertTrue(took >= bound / 2, "it did wait for a pause first (" + took + " ms)");
        }
    }

    @Test
    void aCacheHalfFullSendsWithoutWaitingForAPause() throws Exception {
        long limit = 16L * BS;
        Duration settle = Duration.ofMillis(300); // a busy wait of 4.5 s, far above an upload and a recount
        try (VolumeCluster cluster = new VolumeCluster(dir); FsVolume vol = open(cluster, limit, settle);
             BusyUser user = new BusyUser(vol.fs())) {
            CacheBehaviourTest.write(vol.fs(), "a", CacheBehaviourTest.content(3, 9 * BS)); // over half the cache
            long took = waitUntilUploaded(vol, 10_000);
            assertEquals(0, pending(vol));
            assertTrue(took < UploadQueue.BUSY_WAIT_SETTLES * settle.toMillis() * 2 / 3,
                    "the busy drive did not hold them (took " + took + " ms)");
        }
    }
}
