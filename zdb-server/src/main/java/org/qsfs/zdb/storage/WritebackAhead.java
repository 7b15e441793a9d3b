package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the active data file's pages back on another thread every {@link #EVERY} bytes appended,
 * so the fsync a rotation does inside the event loop (an older file is complete on disk before a
 * newer one takes writes: {@link TailRepair} checks only the last pair) finds little left to
 * write. Without it that fsync wrote the whole 256 MiB file and every client of the server waited
 * ~0.6 s; six servers filling their files at the same rate all stalled at once.
 */
final class WritebackAhead {
    /** Bytes appended between two background write-backs. */
    static final long EVERY = 32L << 20;
    private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "zdb-writeback");
        t.setDaemon(true);
        return t;
    });
    /** Background write-backs started, all files together (for tests). */
    static final AtomicLong STARTED = new AtomicLong();

    private long appended;
    private Future<?> running;

    /** {@code bytes} were appended to {@code ch}; starts a write-back when enough piled up. */
    void appended(FileChannel ch, long bytes) {
        appended += bytes;
        if (appended < EVERY || (running != null && !running.isDone())) {
            return;
        }
        appended = 0;
        STARTED.incrementAndGet();
        running = FLUSHERS.submit(() -> {
            try {
                ch.force(false);
            } catch (IOException e) {
                // the fsync of the rotation or close reports a failing disk
            }
        });
    }

    /** Before {@code ch} is forced and closed: waits for a write-back still running on it. */
    void settle() {
        Future<?> r = running;
        running = null;
        appended = 0;
        if (r == null) {
            return;
        }
        try {
            r.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // nothing to report: force() failures are swallowed above
        }
    }
}
