package org.qsfs.engine.fs;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link DeferredPurges} on a background thread: once removals have paused for
 * {@link #QUIET_NS} (an {@code rm -rf} answers its unlinks meanwhile without the purges' share of
 * the volume lock), or at once while more than {@link #MAX_WAITING} wait (their memory, and the
 * work a crash would leave to the next mount); {@link #BATCH} per transaction, so calls get the
 * lock between batches. {@link #close} purges what is left.
 */
final class PurgeScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PurgeScheduler.class);
    static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int MAX_WAITING = 100_000;
    static final int BATCH = 256;

    private final FsContext ctx;
    private final Thread thread;
    private volatile boolean closed;

    PurgeScheduler(FsContext ctx) {
        this.ctx = ctx;
        this.thread = new Thread(this::loop, "qsfs-purge");
        thread.setDaemon(true);
    }

    void start() {
        ctx.purges.enable();
        thread.start();
    }

    private void loop() {
        DeferredPurges q = ctx.purges;
        long runStart = 0;
        int run = 0; // removals purged since the queue was last empty
        while (!closed) {
            try {
                if (q.size() == 0) {
                    q.awaitWork(1_000);
                    continue;
                }
                long quiet = System.nanoTime() - q.lastAddedNanos();
                if (quiet < QUIET_NS && q.size() <= MAX_WAITING) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(QUIET_NS - quiet) + 1);
                    continue;
                }
                if (run == 0) {
                    runStart = System.nanoTime();
                }
                run += ctx.db.tx(() -> q.purge(BATCH, ctx.tree::purgeRemoved)); // needs no block, nor space
                if (q.size() == 0) {
                    log.debug("kept the versions of {} removed files and purged them in {} ms", run,
                            (System.nanoTime() - runStart) / 1_000_000);
                    run = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (FsException | RuntimeException e) {
                if (closed || ctx.db.stopped() != null) {
                    return; // a stopped volume takes no more calls: the next mount finishes the removals
                }
                log.warn("keeping the versions of removed files failed (retrying in 5 s): {}", e.getMessage());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Stops the thread (it is never interrupted inside a transaction) and purges what waits. */
    @Override
    public void close() {
        closed = true;
        ctx.purges.wakeUp();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ctx.purgeRemoved();
        } catch (FsException e) {
            log.warn("{} removed files still wait for their versions; the next mount keeps them: {}",
                    ctx.purges.size(), e.getMessage());
        }
    }
}
