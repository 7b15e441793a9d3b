package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Forces block files, or directories, from {@value #FORCE_THREADS} threads at once and waits
 * for all of them. What to force, and in which order, is {@link CacheFiles#force}'s business.
 */
final class CacheFsync {
    /**
     * Threads that fsync in parallel: ext4 folds concurrent fsyncs into one journal commit, so
     * 512 fresh 1 MiB files took 266-277 ms from 16 threads against 448-2,000 ms one after
     * another (3-6 ms each while the upload workers write to the same disk).
     */
    static final int FORCE_THREADS = 16;
    private static final ExecutorService FORCERS;

    static {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(FORCE_THREADS, FORCE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "qsfs-cache-force");
                    t.setDaemon(true);
                    return t;
                });
        ex.allowCoreThreadTimeOut(true);
        FORCERS = ex;
    }

    private final BlockFileLayout layout;

    CacheFsync(BlockFileLayout layout) {
        this.layout = layout;
    }

    /**
     * Forces block files {@code ids}, each through its open channel in {@code chans} (same
     * order; null when it has none); returns the first failure, after all are done.
     */
    IOException forceFiles(List<Long> ids, List<FileChannel> chans) {
        List<Callable<Void>> jobs = new ArrayList<>(ids.size());
        for (int k = 0; k < ids.size(); k++) {
            FileChannel ch = chans.get(k);
            long id = ids.get(k);
            jobs.add(() -> {
                forceFile(id, ch);
                return null;
            });
        }
        return runAll(jobs);
    }

    /** Forces directories {@code dirs}; returns the first failure, after all are done. */
    IOException forceDirs(List<Path> dirs) {
        List<Callable<Void>> jobs = new ArrayList<>(dirs.size());
        for (Path d : dirs) {
            jobs.add(() -> {
                forceDir(d);
                return null;
            });
        }
        return runAll(jobs);
    }

    private void forceFile(long id, FileChannel ch) throws IOException {
        Path p = layout.path(id);
        var hook = CacheFiles.forceHook;
        if (hook != null) {
            hook.before(p);
        }
        if (ch != null) {
            try {
                ch.force(false);
                return;
            } catch (ClosedChannelException e) {
                // closed meanwhile (too many open, or deleted): through a new handle below
            }
        }
        // a handle closed since the write: fsync through a new one syncs the same file
        try (FileChannel again = FileChannel.open(p, StandardOpenOption.WRITE)) {
            again.force(false);
        } catch (NoSuchFileException e) {
            // deleted since: nothing to keep
        }
    }

    private static void forceDir(Path d) throws IOException {
        var hook = CacheFiles.forceHook;
        if (hook != null) {
            hook.before(d);
        }
        FileChannel dc;
        try {
            dc = FileChannel.open(d, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // some systems cannot open directories; the file data is forced anyway
        }
        try (dc) {
            dc.force(true);
        } catch (IOException e) {
            // Linux reports a failed directory fsync (EIO): the entries may not be on disk
            String m = String.valueOf(e.getMessage());
            if (!m.contains("Invalid argument") && !m.contains("not supported")) {
                throw e;
            }
        }
    }

    /**
     * Runs the jobs on the force threads (a single job inline) and waits for all of them, even
     * after a failure; returns the first failure.
     */
    private static IOException runAll(List<Callable<Void>> jobs) {
        if (jobs.isEmpty()) {
            return null;
        }
        IOException first = null;
        if (jobs.size() == 1) {
            try {
                jobs.get(0).call();
            } catch (IOException e) {
                return e;
            } catch (Exception e) {
                return new IOException(e);
            }
            return null;
        }
        List<Future<Void>> fs = new ArrayList<>(jobs.size());
        for (var j : jobs) {
            fs.add(FORCERS.submit(j));
        }
        boolean interrupted = false;
        for (var f : fs) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the fsync still waits for every file (the caller's answer depends on it)
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return first;
    }
}
