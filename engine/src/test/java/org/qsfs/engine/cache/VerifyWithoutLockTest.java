package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.VolumeCluster;

/**
 * The first read of a safe block's cached copy checks it against its checksum without the
 * volume lock, reading the file once where the request is the whole block; a block the
 * uploader checksummed from its file in this process needs no check; a bad copy is still
 * dropped and fetched again, from whole-block and partial reads, into arrays and into direct
 * buffers (the mount's READ replies).
 */
class VerifyWithoutLockTest {
    static final int BS = CacheSelfHealTest.BS;
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        CacheFiles.readHook = null;
    }

    private static List<Long> blockIds(Path cacheDir) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> s = Files.walk(cacheDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) > 0) {
                    ids.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return ids;
    }

    @Test
    void firstReadsCheckWithoutTheLockOnceAndUploadedBlocksNeedNoCheck() throws Exception {
        int blocks = 12;
        byte[] data = CacheBehaviourTest.content(3, blocks * BS);
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            Path state = dir.resolve("s");
            long ino;
            Path cacheDir;
            try (FsVolume vol = FsVolume.open(CacheSelfHealTest.options(state), cluster.engine())) {
                cacheDir = vol.cache().files().dir();
                ino = CacheBehaviourTest.write(vol.fs(), "f", data);
                vol.uploads().drain(Duration.ofSeconds(30));
                List<Long> ids = blockIds(cacheDir);
                assertEquals(blocks, ids.size());
                for (long id : ids) {
                    assertTrue(vol.cache().isVerified(id), "checksummed by the uploader from its file: " + id);
                }
                Map<Long, AtomicInteger> reads = new ConcurrentHashMap<>();
                CacheFiles.readHook = (id, pos, len) -> reads.computeIfAbsent(id, k -> new AtomicInteger())
                        .incrementAndGet();
                assertArrayEquals(data, CacheBehaviourTest.read(vol.fs(), ino, data.length, BS));
                for (long id : ids) {
                    assertEquals(1, reads.get(id).get(), "read once, no check: block " + id);
                }
            }
            for (boolean direct : new boolean[] {false, true}) { // the mount reads into direct buffers
                try (FsVolume vol = FsVolume.open(CacheSelfHealTest.options(state), cluster.engine())) {
                    BlockCache cache = vol.cache();
                    List<Long> ids = blockIds(cacheDir);
                    for (long id : ids) {
                        assertFalse(cache.isVerified(id), "a new process checks again");
                    }
                    Map<Long, AtomicInteger> reads = new ConcurrentHashMap<>();
                    List<String> underLock = new CopyOnWriteArrayList<>();
                    CacheFiles.readHook = (id, pos, len) -> {
                        reads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        if (cache.db().heldByCurrentThread() && !cache.isVerified(id)) {
                            underLock.add(id + "@" + pos + "+" + len);
                        }
                    };
                    byte[] back = direct ? CacheBehaviourTest.readDirect(vol.fs(), ino, data.length, BS)
                            : CacheBehaviourTest.read(vol.fs(), ino, data.length, BS);
                    assertArrayEquals(data, back, "whole-block reads, direct " + direct);
                    assertTrue(underLock.isEmpty(), "no copy checked under the volume lock: " + underLock);
                    int total = 0;
                    int once = 0;
                    for (long id : ids) {
                        assertTrue(cache.isVerified(id));
                        int n = reads.get(id).get();
                        assertTrue(n <= 2, "block " + id + " read " + n + " times");
                        total += n;
                        once += n == 1 ? 1 : 0;
                    }
                    assertTrue(once >= blocks / 2, "most whole-block reads check in the caller's buffer: " + reads);
                    assertTrue(total < 2 * blocks, "total reads " + total);
                }
            }
            // partial reads after a restart (4 KiB, as without the kernel's read-ahead)
            try (FsVolume vol = FsVolume.open(CacheSelfHealTest.options(state), cluster.engine())) {
                BlockCache cache = vol.cache();
                List<String> underLock = new CopyOnWriteArrayList<>();
                CacheFiles.readHook = (id, pos, len) -> {
                    if (cache.db().heldByCurrentThread() && !cache.isVerified(id)) {
                        underLock.add(id + "@" + pos + "+" + len);
                    }
                };
                assertArrayEquals(data, CacheBehaviourTest.read(vol.fs(), ino, data.length, 4096), "4 KiB reads");
                assertTrue(underLock.isEmpty(), "no copy checked under the volume lock: " + underLock);
            }
            // rotten copies: whole-block reads and partial reads both heal
            for (int chunk : new int[] {BS, 4096, 3 * BS, -BS, -4096}) { // negative: into a direct buffer
                CacheFiles.readHook = null;
                CacheSelfHealTest.rot(cacheDir);
                try (FsVolume vol = FsVolume.open(CacheSelfHealTest.options(state), cluster.engine())) {
                    byte[] back = chunk < 0 ? CacheBehaviourTest.readDirect(vol.fs(), ino, data.length, -chunk)
                            : CacheBehaviourTest.read(vol.fs(), ino, data.length, chunk);
                    assertArrayEquals(data, back, "healed, reads of " + chunk);
                }
                try (FsVolume vol = FsVolume.open(CacheSelfHealTest.options(state), cluster.engine())) {
                    assertArrayEquals(data, CacheBehaviourTest.read(vol.fs(), ino, data.length, Math.abs(chunk)), "and stays healed");
                }
            }
        }
    }
}
