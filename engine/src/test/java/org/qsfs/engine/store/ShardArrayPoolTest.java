package org.qsfs.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ShardArrayPoolTest {
    @Test
    void lendsBackOnlySetsOfTheExactCountAndLength() {
        ShardArrayPool pool = new ShardArrayPool(1 << 20);
        byte[][] set = pool.take(6, 1000);
        assertEquals(6, set.length);
        assertEquals(1000, set[5].length);
        pool.give(set);
        assertEquals(6000, pool.idleBytes());
        assertNotSame(set, pool.take(6, 999), "another length: a new set (the writer stores whole arrays)");
        assertNotSame(set, pool.take(5, 1000), "another count: a new set");
        assertSame(set, pool.take(6, 1000));
        assertEquals(0, pool.idleBytes());
        assertNotSame(set, pool.take(6, 1000), "lent once, not twice");
    }

    @Test
    void keepsAtMostItsBoundTheNewestFirst() {
        ShardArrayPool pool = new ShardArrayPool(10_000);
        byte[][] old = pool.take(2, 2000);
        byte[][] newer = pool.take(2, 2000);
        byte[][] newest = pool.take(2, 3000);
        pool.give(old);
        pool.give(newer);
        pool.give(newest); // 14,000 bytes would be too many: the oldest goes
        assertEquals(10_000, pool.idleBytes());
        assertSame(newer, pool.take(2, 2000));
        assertNotSame(old, pool.take(2, 2000));
        pool.give(new byte[2][20_000]); // larger than the bound: not kept
        assertEquals(6000, pool.idleBytes());
    }

    @Test
    void aSetGivenBackTwiceIsKeptOnce() {
        ShardArrayPool pool = new ShardArrayPool(1 << 20);
        byte[][] set = pool.take(3, 100);
        pool.give(set);
        pool.give(set);
        assertEquals(300, pool.idleBytes());
        assertSame(set, pool.take(3, 100));
        assertNotSame(set, pool.take(3, 100));
    }
}
