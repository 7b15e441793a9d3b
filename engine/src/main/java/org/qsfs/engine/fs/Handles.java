package org.qsfs.engine.fs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Open file handles, and how many are open per inode (an unlinked inode lives until its last close). */
final class Handles {
    /** One open file description. */
    static final class Handle {
        final long ino;
        final int flags;
        /** This handle has started a writing session (a version was kept if needed). */
        volatile boolean session;
        /** The block after which the last prefetch was asked for. */
        volatile long prefetchedFrom = -1;
        /** Where the last read ended, to detect sequential reads. */
        volatile long lastReadEnd = -1;

        Handle(long ino, int flags) {
            this.ino = ino;
            this.flags = flags;
        }

        boolean readable() {
            return OpenFlags.readable(flags);
        }

        boolean writable() {
            return OpenFlags.writable(flags);
        }

        boolean append() {
            return (flags & OpenFlags.O_APPEND) != 0;
        }
    }

    private final AtomicLong next = new AtomicLong(1);
    private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
    private final Map<Long, Integer> openCount = new HashMap<>();

    synchronized long open(long ino, int flags) {
        long fh = next.getAndIncrement();
        handles.put(fh, new Handle(ino, flags));
        openCount.merge(ino, 1, Integer::sum);
        return fh;
    }

    Handle get(long fh) throws FsException {
        Handle h = handles.get(fh);
        if (h == null) {
            throw new FsException(Errno.EBADF, "no open file handle " + fh);
        }
        return h;
    }

    /** Closes a handle; returns whether it was the inode's last one. */
    synchronized boolean close(long fh, Handle h) {
        handles.remove(fh);
        int n = openCount.merge(h.ino, -1, Integer::sum);
        if (n <= 0) {
            openCount.remove(h.ino);
            return true;
        }
        return false;
    }

    synchronized boolean isOpen(long ino) {
        return openCount.containsKey(ino);
    }

    int size() {
        return handles.size();
    }
}
