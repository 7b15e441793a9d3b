package org.qsfs.engine.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The blocks that bulk reads (sequential reads of files larger than a quarter of the cache)
 * fetched, in memory: the cache's scan resistance. Under plain LRU such a read of a file the
 * cache cannot hold evicts, for every block it fetches, the oldest cached block, which is the
 * file's own block it needs next: every block is fetched, and the rest of the cache is flushed.
 * As PostgreSQL's ring buffer for large sequential scans, a bulk read reuses its own blocks
 * instead; unlike a fixed ring, what it fetched into free (or stale) space stays, so a file
 * read again finds a stable part of it cached.
 *
 * <p>A block fetched for a bulk read is left alone until it is read (a reader with read-ahead
 * fetches several blocks before it reads the first). Once read, it is a candidate to evict
 * before the ordinary LRU order, most recently read first, the {@link #KEPT_RECENT} latest
 * last (their readers may still be reading the rest of them). A block read again at least
 * {@code rereadAfterMs} after its first read (later than the same read's next request: the
 * threshold of InnoDB's midpoint insertion, {@code innodb_old_blocks_time}) leaves this set
 * and is an ordinary cached block. Nothing here is persisted: after a restart the cache is LRU
 * until the next bulk read.
 */
final class BulkReadBlocks {
    /** The most recently read blocks that are never recycled. */
    static final int KEPT_RECENT = 8;
    /** A sequential read of a file larger than the cache limit divided by this is a bulk read. */
    static final int BULK_FRACTION = 4;

    private record FirstRead(long order, long at) {
    }

    private final long rereadAfterMs;
    private final Set<Long> unread = new HashSet<>();
    private final NavigableMap<Long, Long> idsByOrder = new TreeMap<>();
    private final Map<Long, FirstRead> firstReads = new HashMap<>();
    private long nextOrder;

    BulkReadBlocks(long rereadAfterMs) {
        this.rereadAfterMs = rereadAfterMs;
    }

    /** Whether a sequential read of a file of {@code fileBytes} is a bulk read for a cache of {@code limit}. */
    static boolean isBulk(long fileBytes, long limit) {
        return fileBytes > limit / BULK_FRACTION;
    }

    /** A bulk read fetched block {@code id} (not read yet). */
    synchronized void fetched(long id) {
        unread.add(id);
    }

    /** Block {@code id} was read at {@code now} (wall ms). */
    synchronized void read(long id, long now) {
        if (unread.remove(id)) {
            long order = nextOrder++;
            idsByOrder.put(order, id);
            firstReads.put(id, new FirstRead(order, now));
            return;
        }
        FirstRead first = firstReads.get(id);
        if (first != null && now - first.at() >= rereadAfterMs) {
            forget(id); // read again: in use, an ordinary cached block from now on
        }
    }

    /** Block {@code id} is no longer cached (evicted, dropped) or no longer a bulk read's. */
    synchronized void forget(long id) {
        unread.remove(id);
        FirstRead first = firstReads.remove(id);
        if (first != null) {
            idsByOrder.remove(first.order());
        }
    }

    /**
     * Up to {@code max} blocks to evict first: most recently read first past the {@link
     * #KEPT_RECENT} latest, then those latest, oldest first, but never the very latest (a
     * reader's block in progress). The latest are still a better victim than the rest of the
     * cache when a reservation asks for more than the older ones give.
     */
    synchronized List<Long> recyclable(int max) {
        List<Long> latest = new ArrayList<>();
        List<Long> out = new ArrayList<>();
        for (Long id : idsByOrder.descendingMap().values()) {
            if (latest.size() < KEPT_RECENT) {
                latest.add(id);
            } else if (out.size() < max) {
                out.add(id);
            } else {
                break;
            }
        }
        for (int i = latest.size() - 1; i > 0 && out.size() < max; i--) {
            out.add(latest.get(i));
        }
        return out;
    }
}
