package org.qsfs.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The read order prefers data shards (no Reed-Solomon decoding) when their backends are about as fast. */
class ShardReaderOrderTest {
    private static final long MS = 1_000_000L;

    @Test
    void dataShardsFirstWhenAboutAsFast() {
        // k=4, m=2; sorted by latency the parity shards 4 and 5 happen to be fastest
        long[] lat = {3 * MS, 2 * MS, 4 * MS, 3 * MS, 1 * MS, 1 * MS};
        List<Integer> sorted = List.of(4, 5, 1, 0, 3, 2);
        List<Integer> got = ShardReader.preferDataShards(sorted, 4, i -> true, i -> lat[i]);
        assertEquals(List.of(1, 0, 3, 2, 4, 5), got);
    }

    @Test
    void slowOrUnhealthyDataShardsStayBehind() {
        // shard 2's backend is far slower than the k-th fastest; shard 3's backend is degraded
        long[] lat = {1 * MS, 1 * MS, 500 * MS, 1 * MS, 1 * MS, 1 * MS};
        List<Integer> sorted = List.of(0, 1, 4, 5, 3, 2);
        List<Integer> got = ShardReader.preferDataShards(sorted, 4, i -> i != 3, i -> lat[i]);
        assertEquals(List.of(0, 1, 4, 5, 3, 2), got);
    }

    @Test
    void fewerCandidatesThanKUnchanged() {
        List<Integer> sorted = List.of(5, 4, 0);
        assertEquals(sorted, ShardReader.preferDataShards(sorted, 4, i -> true, i -> MS));
    }
}
