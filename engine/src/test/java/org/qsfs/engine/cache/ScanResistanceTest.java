package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.fs.VolumeOptions;

/**
 * Sequential reads of a file larger than the cache, through the volume's real read, prefetch
 * and fetch path over six zdb-servers: the file keeps a stable cached part from one read to
 * the next (plain LRU fetched every block again), and the rest of the cache survives the scan.
 */
class ScanResistanceTest {
    static final int BS = 64 * 1024;
    static final int CACHE_BLOCKS = 128;
    static final int BIG_BLOCKS = CACHE_BLOCKS * 3 / 2;
    @TempDir
    Path dir;

    private VolumeOptions options() {
        return VolumeOptions.defaults(dir.resolve("s")).withBlockSize(BS).withCache((long) CACHE_BLOCKS * BS, 0)
                .withUploads(2, Duration.ZERO, 0);
    }

    /** Reads the whole file as a reader of half blocks (two requests per block); returns the blocks fetched. */
    private static long readAll(FsVolume vol, long ino, byte[] expected) throws Exception {
        long before = vol.cache().fetchedBlocks();
        assertArrayEquals(expected, CacheBehaviourTest.read(vol.fs(), ino, expected.length, BS / 2));
        return vol.cache().fetchedBlocks() - before;
    }

    private static void emptyCache(FsVolume vol) throws Exception {
        vol.uploads().drain(Duration.ofSeconds(60));
        while (vol.cache().evict(Long.MAX_VALUE) > 0) {
            // batches of at most a few hundred blocks
        }
        assertEquals(0, vol.cache().limit().used());
    }

    @Test
    void aFileLargerThanTheCacheKeepsAStablePartAcrossReads() throws Exception {
        byte[] big = CacheBehaviourTest.content(1, BIG_BLOCKS * BS);
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(options(), cluster.engine())) {
            long ino = CacheBehaviourTest.write(vol.fs(), "big", big);
            emptyCache(vol);
            assertEquals(BIG_BLOCKS, readAll(vol, ino, big), "first read: every block from the backends");
            Thread.sleep(BlockCache.REREAD_AFTER_MS + 100); // the second read counts as a re-read
            long second = readAll(vol, ino, big);
            long third = readAll(vol, ino, big);
            assertTrue(second < BIG_BLOCKS * 6 / 10, "second read fetched " + second + " of " + BIG_BLOCKS);
            assertTrue(third < BIG_BLOCKS * 6 / 10, "third read fetched " + third + " of " + BIG_BLOCKS);
            assertTrue(vol.cache().limit().peak() <= (long) CACHE_BLOCKS * BS);
        }
    }

    @Test
    void aScanLeavesTheRestOfTheCacheInPlace() throws Exception {
        byte[] big = CacheBehaviourTest.content(2, BIG_BLOCKS * BS);
        int oldBlocks = CACHE_BLOCKS - 8;
        byte[] old = CacheBehaviourTest.content(3, oldBlocks * BS);
        byte[] hot = CacheBehaviourTest.content(4, 4 * BS);
        try (VolumeCluster cluster = new VolumeCluster(dir);
             FsVolume vol = FsVolume.open(options(), cluster.engine())) {
            long bigIno = CacheBehaviourTest.write(vol.fs(), "big", big);
            long hotIno = CacheBehaviourTest.write(vol.fs(), "hot", hot);
            emptyCache(vol);
            long oldIno = CacheBehaviourTest.write(vol.fs(), "old", old); // cached as written
            vol.uploads().drain(Duration.ofSeconds(60)); // safe: evictable
            assertEquals(4, readAll(vol, hotIno, hot));
            Thread.sleep(BlockCache.REREAD_AFTER_MS + 100);
            assertEquals(0, readAll(vol, hotIno, hot), "re-read from the cache");
            assertEquals(BIG_BLOCKS, readAll(vol, bigIno, big));
            assertEquals(0, readAll(vol, hotIno, hot), "the hot file survived the scan");
            long oldFetched = readAll(vol, oldIno, old);
            assertTrue(oldFetched <= oldBlocks / 3, "the scan evicted " + oldFetched + " of the " + oldBlocks
                    + " blocks cached before it");
        }
    }
}
