package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Keeps empty block files ready for the next block ids, on a thread of its own (creating a
 * file costs about as much as writing 1 MiB into it, 200-500 us on the test machine's ext4).
 * Files made ahead and never used have no block row: they are removed at close, or as
 * orphans at the next open.
 */
final class BlockFilePrecreator {
    /** At least this many files ahead ... */
    static final int PRECREATE_MIN = 1024;
    /** ... and up to twice the ids used in the last {@value #RATE_WINDOW_S} seconds, at most this many. */
    static final int PRECREATE_MAX = 4096;
    private static final int RATE_WINDOW_S = 30;

    private final BlockFileLayout layout;
    /** How far ahead files are made now (adapts to the rate blocks are made at). */
    private volatile int ahead = PRECREATE_MIN;
    private final Set<Long> precreated = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile LongSupplier nextIds;
    private volatile boolean closing;

    BlockFilePrecreator(BlockFileLayout layout) {
        this.layout = layout;
    }

    /**
     * Starts the thread ({@code nextId} tells where ids continue; ids are never reused):
     * {@value #PRECREATE_MIN} files ahead, or twice the ids used in the last
     * {@value #RATE_WINDOW_S} s, up to {@value #PRECREATE_MAX} (a 4 GiB burst of 1 MiB blocks
     * after one of 2 GiB).
     */
    void start(LongSupplier nextId) {
        nextIds = nextId;
        Thread t = new Thread(() -> run(nextId), "qsfs-cache-precreate");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(LongSupplier nextId) {
        long cursor = -1;
        long[] seen = new long[RATE_WINDOW_S]; // nextId at each of the last seconds
        long lastSecond = -1;
        while (!closing) {
            long next = nextId.getAsLong();
            if (next >= 0 && cursor < next) {
                cursor = next;
            }
            long second = System.nanoTime() / 1_000_000_000L;
            if (next >= 0 && second != lastSecond) {
                seen[(int) (second % RATE_WINDOW_S)] = next;
                lastSecond = second;
                long oldest = next;
                for (long v : seen) {
                    if (v > 0) {
                        oldest = Math.min(oldest, v);
                    }
                }
                long used = next - oldest; // ids handed out in the last RATE_WINDOW_S seconds
                ahead = (int) Math.max(PRECREATE_MIN, Math.min(PRECREATE_MAX, 2 * used));
            }
            if (next < 0 || cursor >= next + ahead) {
                LockSupport.parkNanos(20_000_000L);
                continue;
            }
            // announced before it exists: a block that takes the id meanwhile counts its file as
            // new (its directory is forced at fsync) and removes the id, so close never deletes it
            precreated.add(cursor);
            try {
                FileChannel.open(layout.path(cursor), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            } catch (FileAlreadyExistsException e) {
                // the block was created first (never truncate it)
            } catch (IOException e) {
                LockSupport.parkNanos(100_000_000L); // a full disk: try later
                continue;
            }
            cursor++;
        }
    }

    /**
     * A new block takes {@code id}: true when its file was announced as made ahead (its
     * directory entry is new all the same). Wakes the thread when few are left.
     */
    boolean claim(long id) {
        if (!precreated.remove(id)) {
            return false;
        }
        Thread t = thread;
        if (t != null && precreated.size() < ahead / 2) {
            LockSupport.unpark(t);
        }
        return true;
    }

    /** Makes no more files (the thread ends at its next look). */
    void stopMaking() {
        closing = true;
    }

    /** Stops the thread and deletes the files made ahead whose ids were never handed out. */
    void close() {
        closing = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LongSupplier ids = nextIds;
        long firstUnused = ids == null ? Long.MAX_VALUE : ids.getAsLong();
        for (Long id : new ArrayList<>(precreated)) {
            if (id < firstUnused) {
                continue; // the id was handed out (maybe as the thread made its file): not ours to delete
            }
            try {
                Files.deleteIfExists(layout.path(id)); // made ahead, never used: no row names it
            } catch (IOException ignored) {
                // an orphan, removed at the next open
            }
        }
        precreated.clear();
    }
}
