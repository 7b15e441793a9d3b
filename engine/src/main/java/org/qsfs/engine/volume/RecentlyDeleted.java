package org.qsfs.engine.volume;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few thousand inode numbers deleted, so a request for one of them is answered
 * without a query (inode numbers are never reused). The kernel sends one right after every
 * unlink: with the writeback cache it writes the removed file's times back synchronously.
 * Changed under the database lock; read by any thread.
 */
final class RecentlyDeleted {
    private final long[] order;
    private final Set<Long> members = ConcurrentHashMap.newKeySet();
    private int next;

    RecentlyDeleted(int capacity) {
        order = new long[capacity];
    }

    void add(long ino) {
        if (!members.add(ino)) {
            return;
        }
        long evicted = order[next];
        if (evicted != 0) {
            members.remove(evicted);
        }
        order[next] = ino;
        next = (next + 1) % order.length;
    }

    /** The inode exists again (a journal replay, a rollback): no longer known as gone. */
    void remove(long ino) {
        // its slot in order stays: evicting that slot may later forget the number early if it is
        // deleted again meanwhile, which only costs a query
        members.remove(ino);
    }

    boolean contains(long ino) {
        return members.contains(ino);
    }

    void clear() {
        members.clear();
        java.util.Arrays.fill(order, 0);
        next = 0;
    }
}
