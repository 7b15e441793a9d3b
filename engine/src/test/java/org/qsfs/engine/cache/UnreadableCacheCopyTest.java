package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.VolumeCluster;
import org.qsfs.engine.fs.VolumeOptions;

/**
 * What the upload queue sends for a dirty block whose cache file it cannot read. A read error
 * (which may pass) sends nothing: the block goes back to the queue with a backoff of its own and
 * goes out with its real bytes once the file reads again (it was once sent as zeros and marked
 * safe). A file a crash cut short or took away is sent as it reads: zeros for what it lost.
 * Real zdb-servers on loopback, real SQLite, real files; the read error comes from the read hook.
 */
class UnreadableCacheCopyTest {
    static final int BS = 64 * 1024;
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        CacheFiles.readHook = null;
    }

    private FsVolume open(VolumeCluster cluster) throws Exception {
        return open(dir.resolve("s"), cluster);
    }

    /** A volume of {@link #BS} blocks, 64 MiB of cache, two upload workers sending at once. */
    static FsVolume open(Path stateDir, VolumeCluster cluster) throws Exception {
        return FsVolume.open(VolumeOptions.defaults(stateDir).withBlockSize(BS).withCache(64L << 20, 0)
                .withUploads(2, Duration.ZERO, 0), cluster.engine());
    }

    /** The block files with bytes in them by id (a file's blocks in file order). */
    private static TreeMap<Long, Path> blockFiles(Path cacheDir) throws IOException {
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(cacheDir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) > 0) {
                    files.put(Long.parseLong(p.getFileName().toString()), p);
                }
            }
        }
        return files;
    }

    /** Drops every cached copy, then reads the file ({@link #BS} blocks): its bytes as the backends hold them. */
    static byte[] fromTheBackends(FsVolume vol, long ino, int len) throws Exception {
        BlockCache cache = vol.cache();
        long fetched = cache.fetchedBlocks();
        cache.evict(Long.MAX_VALUE);
        byte[] back = CacheBehaviourTest.read(vol.fs(), ino, len);
        assertEquals(fetched + (len + BS - 1) / BS, cache.fetchedBlocks(), "every block read from the backends");
        return back;
    }

    @Test
    void aBlockWhoseFileCannotBeReadIsRetriedWithBackoffAndSentWithItsBytes() throws Exception {
        byte[] data = CacheBehaviourTest.content(11, 4 * BS);
        try (VolumeCluster cluster = new VolumeCluster(dir.resolve("zdb")); FsVolume vol = open(cluster)) {
            UploadQueue q = vol.uploads();
            q.pause();
            long ino = CacheBehaviourTest.write(vol.fs(), "f", data);
            List<Long> ids = new ArrayList<>(blockFiles(vol.cache().files().dir()).keySet());
            assertEquals(4, ids.size());
            long victim = ids.get(1);
            AtomicBoolean failing = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            CacheFiles.readHook = (id, pos, len) -> {
                if (id == victim && failing.get()) {
                    failures.incrementAndGet();
                    throw new IOException("Input/output error"); // EIO, as a failing disk answers
                }
            };
            q.resume();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (q.progress().pendingBytes() > BS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(BS, q.progress().pendingBytes(), "the other blocks went out; the unreadable one waits");
            assertTrue(failures.get() >= 1);

            // a drain (a hurry) keeps the block's backoff: its file is not read again and again
            int before = failures.get();
            assertThrows(FsException.class, () -> q.drain(Duration.ofMillis(1500)));
            int during = failures.get() - before;
            assertTrue(during >= 1 && during <= 6, "reads of the failing file during 1.5 s of drain: " + during);
            assertEquals(BS, q.progress().pendingBytes(), "never marked safe while its file fails");

            failing.set(false);
            q.drain(Duration.ofSeconds(30));
            CacheFiles.readHook = null;
            assertArrayEquals(data, fromTheBackends(vol, ino, data.length), "sent with its real bytes");
        }
    }

    @Test
    void aFileACrashTookOrCutShortIsSentAsItReadsAndMarkedSafe() throws Exception {
        byte[] data = CacheBehaviourTest.content(12, 3 * BS);
        try (VolumeCluster cluster = new VolumeCluster(dir.resolve("zdb"))) {
            long ino;
            Path cacheDir;
            try (FsVolume vol = open(cluster)) {
                vol.uploads().pause();
                ino = CacheBehaviourTest.write(vol.fs(), "f", data);
                cacheDir = vol.cache().files().dir();
            }
            // what a crash before the fsync can leave: one file gone, one cut short
            List<Path> files = new ArrayList<>(blockFiles(cacheDir).values());
            assertEquals(3, files.size());
            Files.delete(files.get(0));
            try (FileChannel ch = FileChannel.open(files.get(1), StandardOpenOption.WRITE)) {
                ch.truncate(BS / 4);
            }
            byte[] expected = data.clone();
            Arrays.fill(expected, 0, BS, (byte) 0);
            Arrays.fill(expected, BS + BS / 4, 2 * BS, (byte) 0);
            try (FsVolume vol = open(cluster)) {
                vol.uploads().drain(Duration.ofSeconds(30));
                assertEquals(0, vol.uploads().progress().pendingBytes(), "marked safe");
                assertArrayEquals(expected, CacheBehaviourTest.read(vol.fs(), ino, data.length), "read as zeros");
                assertArrayEquals(expected, fromTheBackends(vol, ino, data.length), "sent as it reads");
            }
        }
    }
}
