package org.qsfs.engine.fs;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.qsfs.engine.volume.Db;

/**
 * Files whose last name went while no handle held them, waiting for their version to be kept and
 * their inode purged. An unlink (or a rename over a file) removes the name and marks the inode
 * (nlink 0, {@code Inode.REMOVAL_PENDING}); keeping the version and purging, most of an unlink's
 * statements, run later in batches ({@link PurgeScheduler}) and before anything reads versions
 * ({@link #purgeAll}). The marks are in the inode rows, so a crash loses nothing: the next mount
 * finishes them from their directory history ({@code HandleOps.purgeOrphans}).
 *
 * <p>The queue has its own monitor; {@link #add} and {@link #purge} run under the volume lock,
 * {@link #isPending} and {@link #size} from any thread.
 */
final class DeferredPurges {
    /** A removed file's last name and when it went: where and when its version was saved. */
    record Removal(long ino, long parent, byte[] name, int kind, long at) {
    }

    /** Keeps the version of a removed file and purges it; inside a volume transaction. */
    interface Purge {
        void run(Removal r) throws SQLException, FsException;
    }

    private final Db db;
    private final ArrayDeque<Removal> queue = new ArrayDeque<>();
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();
    private volatile long lastAddedNs;
    private volatile boolean enabled;

    DeferredPurges(Db db) {
        this.db = db;
    }

    /** Removals are deferred from now on (a volume with a {@link PurgeScheduler}); before, purged at once. */
    void enable() {
        enabled = true;
    }

    boolean enabled() {
        return enabled;
    }

    /** Queues a removal made by the current call (under the volume lock); a rollback of the call takes it back. */
    void add(Removal r) {
        synchronized (queue) {
            queue.addLast(r);
            pending.add(r.ino());
            lastAddedNs = System.nanoTime();
            if (queue.size() == 1) {
                queue.notifyAll();
            }
        }
        db.afterRollback(() -> {
            synchronized (queue) {
                queue.removeLastOccurrence(r);
                pending.remove(r.ino());
            }
        });
    }

    /** Whether {@code ino} was removed and waits for its purge: it has no name and no handle. Lock-free. */
    boolean isPending(long ino) {
        return pending.contains(ino);
    }

    int size() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** When the last removal was queued ({@link System#nanoTime()}). */
    long lastAddedNanos() {
        return lastAddedNs;
    }

    /** Waits up to {@code millis} for a removal to be queued; returns at once if one is. */
    void awaitWork(long millis) throws InterruptedException {
        synchronized (queue) {
            if (queue.isEmpty()) {
                queue.wait(millis);
            }
        }
    }

    /** Wakes a thread in {@link #awaitWork}. */
    void wakeUp() {
        synchronized (queue) {
            queue.notifyAll();
        }
    }

    /** Purges every waiting removal in the current transaction (before reading versions). */
    void purgeAll(Purge purge) throws SQLException, FsException {
        purge(Integer.MAX_VALUE, purge); // a purge never queues another removal
    }

    /**
     * Purges up to {@code max} of the oldest removals in the current transaction (under the
     * volume lock); a rollback puts them back. Returns how many it took.
     */
    int purge(int max, Purge purge) throws SQLException, FsException {
        List<Removal> batch = new ArrayList<>();
        synchronized (queue) {
            if (queue.isEmpty()) {
                return 0;
            }
            while (batch.size() < max && !queue.isEmpty()) {
                batch.add(queue.pollFirst());
            }
        }
        db.afterRollback(() -> {
            synchronized (queue) {
                for (int k = batch.size() - 1; k >= 0; k--) {
                    queue.addFirst(batch.get(k));
                }
            }
        });
        for (Removal r : batch) {
            purge.run(r);
        }
        // lock-free readers now find the inodes in the volume's recently-deleted set instead
        db.afterCommit(() -> batch.forEach(r -> pending.remove(r.ino())));
        return batch.size();
    }
}
