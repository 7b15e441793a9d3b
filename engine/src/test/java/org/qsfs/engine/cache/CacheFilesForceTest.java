package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;

/**
 * {@link CacheFiles#force} fsyncs files and then directories from several threads at once,
 * returns only when every one is done, and fails (EIO) when any fails, keeping what failed for
 * the next fsync.
 */
class CacheFilesForceTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        CacheFiles.forceHook = null;
    }

    @Test
    void forcesEveryFileThenEveryDirectoryInParallelAndReturnsWhenAllAreDone() throws Exception {
        CacheFiles files = new CacheFiles(dir.resolve("c"), 0);
        try {
            byte[] data = new byte[4096];
            int n = 300; // more than OPEN_CHANNELS: some are forced through a new handle
            for (long id = 1; id <= n; id++) {
                files.write(id, 0, data, 0, data.length);
            }
            Set<Path> done = ConcurrentHashMap.newKeySet();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger dirsBeforeFiles = new AtomicInteger();
            CacheFiles.forceHook = p -> {
                int now = inFlight.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().getId());
                if (Files.isDirectory(p) && done.stream().filter(Files::isRegularFile).count() < n) {
                    dirsBeforeFiles.incrementAndGet();
                }
                try {
                    Thread.sleep(2); // a slow disk: the forces overlap
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                done.add(p);
                inFlight.decrementAndGet();
            };
            files.force();
            long fileCount = done.stream().filter(Files::isRegularFile).count();
            long dirCount = done.stream().filter(Files::isDirectory).count();
            assertEquals(n, fileCount, "every file forced before force() returned");
            assertEquals(256, dirCount, "every directory that gained a file forced");
            assertEquals(0, dirsBeforeFiles.get(), "directories are forced after the files");
            assertTrue(most.get() > 1, "forces ran in parallel, at most " + most.get());
            assertTrue(threads.size() > 1, "on several threads: " + threads);
            done.clear();
            files.force(); // nothing written since
            assertTrue(done.isEmpty());
        } finally {
            files.close();
        }
    }

    @Test
    void aFailedFileOrDirectoryFailsTheFsyncWithEioAndIsTriedAgainNextTime() throws Exception {
        CacheFiles files = new CacheFiles(dir.resolve("c"), 0);
        try {
            byte[] data = new byte[4096];
            for (long id = 1; id <= 40; id++) {
                files.write(id, 0, data, 0, data.length);
            }
            Path bad = files.path(17);
            Set<Path> done = ConcurrentHashMap.newKeySet();
            CacheFiles.forceHook = p -> {
                if (p.equals(bad)) {
                    throw new IOException("Input/output error");
                }
                done.add(p);
            };
            FsException e = assertThrows(FsException.class, files::force);
            assertEquals(Errno.EIO, e.errno());
            assertEquals(39, done.stream().filter(Files::isRegularFile).count(), "the others were still forced");
            done.clear();
            CacheFiles.forceHook = p -> done.add(p);
            files.force(); // the disk recovered: everything of the failed fsync is forced again
            assertTrue(done.contains(bad));
            assertEquals(40, done.stream().filter(Files::isDirectory).count());

            files.write(100, 0, data, 0, data.length);
            Path badDir = files.path(100).getParent();
            CacheFiles.forceHook = p -> {
                if (p.equals(badDir)) {
                    throw new IOException("Input/output error");
                }
            };
            e = assertThrows(FsException.class, files::force);
            assertEquals(Errno.EIO, e.errno(), "a directory entry that may not be durable fails the fsync");
            done.clear();
            CacheFiles.forceHook = p -> done.add(p);
            files.force();
            assertTrue(done.contains(badDir), "the directory is forced again");
        } finally {
            files.close();
        }
    }
}
