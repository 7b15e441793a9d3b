package org.qsfs.engine.volume;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Directories recently listed to their end, each with the cookie its listing ended at: no
 * entry of that directory has a higher cookie until one is added to it ({@link #forget}) or a
 * rolled-back call brings removed entries back ({@link #clear}). The kernel asks once more
 * after the last entry of every directory it lists (READDIRPLUS at the last cookie, answered
 * empty), so {@code ls -lR} makes two listing calls per directory; the second is answered
 * from here without a query. Bounded: the call after the last entry follows at once.
 */
final class ListingEnds {
    private final Map<Long, Long> ends;

    ListingEnds(int capacity) {
        this.ends = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A listing of {@code dir} found no entry with a cookie above {@code cookie}. */
    synchronized void ended(long dir, long cookie) {
        ends.merge(dir, cookie, Math::min);
    }

    /** True when {@code dir} is known to hold no entry with a cookie above {@code after}. */
    synchronized boolean nothingAfter(long dir, long after) {
        Long end = ends.get(dir);
        return end != null && after >= end;
    }

    /**
     * Where {@code dir}'s listing ended is unknown from now: an entry was added (with any cookie:
     * journal replays bring their own), or a journal replay changed it.
     */
    synchronized void forget(long dir) {
        ends.remove(dir);
    }

    /** Entries may have come back (a rolled-back removal): nothing is known any more. */
    synchronized void clear() {
        ends.clear();
    }
}
