package org.qsfs.engine.cache;

import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Deletes block files on a background thread: unlinking a written file costs 0.1-1.5 ms on
 * the test machine (its blocks are freed, with discard), and a commit that dropped many
 * blocks (a deleted tree, a deleted large file) ran these unlinks under the volume lock.
 */
final class BlockFileDeleter {
    /** Deletes one block file (gone already is fine). */
    private final LongConsumer deleteFile;
    /** Block files still to delete; guarded by itself, as are {@link #deleting} and {@link #closing}. */
    private final ArrayDeque<Long> doomed = new ArrayDeque<>();
    private int deleting;
    private boolean closing;
    private final Thread thread;

    /** Starts the thread. */
    BlockFileDeleter(LongConsumer deleteFile) {
        this.deleteFile = deleteFile;
        thread = new Thread(this::run, "qsfs-cache-delete");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues block file {@code id}; after {@link #close} it is deleted at once, on this thread. */
    void submit(long id) {
        synchronized (doomed) {
            if (!closing) {
                doomed.add(id);
                doomed.notifyAll();
                return;
            }
        }
        deleteFile.accept(id);
    }

    /** Whether files are waiting to be deleted. */
    boolean pending() {
        synchronized (doomed) {
            return !doomed.isEmpty() || deleting > 0;
        }
    }

    /** Waits until everything queued so far is deleted. */
    void await() {
        synchronized (doomed) {
            while (!doomed.isEmpty() || deleting > 0) {
                try {
                    doomed.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run() {
        while (true) {
            long id;
            synchronized (doomed) {
                while (doomed.isEmpty() && !closing) {
                    try {
                        doomed.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (doomed.isEmpty()) {
                    return; // closing, and nothing left
                }
                id = doomed.poll();
                deleting++;
            }
            try {
                deleteFile.accept(id);
            } finally {
                synchronized (doomed) {
                    deleting--;
                    doomed.notifyAll();
                }
            }
        }
    }

    /** Deletes what is queued, then stops the thread (waits up to a minute). */
    void close() {
        synchronized (doomed) {
            closing = true;
            doomed.notifyAll();
        }
        try {
            thread.join(60_000); // it finishes the queue first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
