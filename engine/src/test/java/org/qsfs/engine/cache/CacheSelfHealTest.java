package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.fs.VolumeOptions;

/** A cached copy of a safe block that fails its checksum is dropped and fetched again from the backends. */
class CacheSelfHealTest {
    static final int BS = 256 * 1024;
    @TempDir
    Path dir;

    static VolumeOptions options(Path state) {
        return VolumeOptions.defaults(state).withBlockSize(BS).withCache(64L << 20, 0)
                .withUploads(2, Duration.ZERO, 0);
    }

    /** Flips bytes in every non-empty block file of the cache; returns each file's rotten content. */
    static Map<Path, byte[]> rot(Path cacheDir) throws Exception {
        Map<Path, byte[]> rotten = new HashMap<>();
        try (Stream<Path> s = Files.walk(cacheDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                if (b.length == 0) {
                    continue; // a file made ahead for a future block
                }
                for (int i = 0; i < b.length; i += 4096) {
                    b[i] ^= 0x5a;
                }
                Files.write(p, b);
                rotten.put(p, b);
            }
        }
        return rotten;
    }

    @Test
    void rottenCachedBlocksAreFetchedAgainOnReadAndOnCopyOnWrite() throws Exception {
        byte[] data = CacheBehaviourTest.content(9, 5 * BS + 1234);
        try (VolumeCluster cluster = new VolumeCluster(dir)) {
            Path state = dir.resolve("s");
            long ino;
            Path cacheDir;
            try (FsVolume vol = FsVolume.open(options(state), cluster.engine())) {
                cacheDir = vol.cache().files().dir();
                ino = CacheBehaviourTest.write(vol.fs(), "doc", data);
                vol.uploads().drain(Duration.ofSeconds(30));
            }
            Map<Path, byte[]> rotten = rot(cacheDir);
            assertEquals(6, rotten.size(), "one cached file per block");
            try (FsVolume vol = FsVolume.open(options(state), cluster.engine())) {
                FsOperations fs = vol.fs();
                assertArrayEquals(data, CacheBehaviourTest.read(fs, ino, data.length), "read heals");
                for (Map.Entry<Path, byte[]> e : rotten.entrySet()) {
                    assertFalse(Files.exists(e.getKey()) && Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey())),
                            "the rotten copy " + e.getKey() + " was replaced");
                }
            }
            // a small write into a rotten safe block copies it: the copy must come from the backends
            rot(cacheDir);
            try (FsVolume vol = FsVolume.open(options(state), cluster.engine())) {
                FsOperations fs = vol.fs();
                long fh = fs.open(Caller.ROOT, ino, OpenFlags.O_RDWR);
                byte[] patch = "patched".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                fs.write(fh, BS + 10, patch, 0, patch.length);
                fs.release(fh);
                System.arraycopy(patch, 0, data, BS + 10, patch.length);
                assertArrayEquals(data, CacheBehaviourTest.read(fs, ino, data.length), "copy-on-write heals");
                assertTrue(vol.cache().files().diskBytes() > 0);
            }
        }
    }
}
