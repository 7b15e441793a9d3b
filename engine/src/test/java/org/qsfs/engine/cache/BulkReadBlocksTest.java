package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a bulk read's blocks may be recycled, and when a block leaves the set. */
class BulkReadBlocksTest {
    @Test
    void readBlocksAreRecycledMostRecentFirstPastTheLatestFew() {
        BulkReadBlocks b = new BulkReadBlocks(1_000);
        int n = BulkReadBlocks.KEPT_RECENT + 3;
        for (long id = 0; id < n; id++) {
            b.fetched(id);
        }
        assertEquals(List.of(), b.recyclable(10), "fetched, not read: left alone");
        for (long id = 0; id < n; id++) {
            b.read(id, 100);
            b.read(id, 150); // the same read's next request
        }
        assertEquals(List.of(2L, 1L, 0L), b.recyclable(3), "the latest " + BulkReadBlocks.KEPT_RECENT + " last");
        List<Long> all = b.recyclable(100);
        assertEquals(n - 1, all.size(), "all but the very latest: " + all);
        assertEquals(List.of(2L, 1L, 0L, 3L, 4L), all.subList(0, 5));
        b.read(1, 1_100); // read again later: in use
        b.forget(2); // evicted
        b.read(99, 100); // never fetched by a bulk read
        assertEquals(List.of(0L, 3L), b.recyclable(2));
    }

    @Test
    void aBulkReadIsAFileLargerThanAQuarterOfTheCache() {
        assertEquals(false, BulkReadBlocks.isBulk(256, 1024));
        assertEquals(true, BulkReadBlocks.isBulk(257, 1024));
    }
}
