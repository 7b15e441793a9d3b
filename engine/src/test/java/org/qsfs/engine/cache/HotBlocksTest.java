package org.qsfs.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The hold given to copies of blocks rewritten soon after their upload. */
class HotBlocksTest {
    static final long S = 1_000_000_000L;

    @Test
    void aPositionCopiedAgainSoonGetsAGrowingHoldUpToTheBound() {
        HotBlocks h = new HotBlocks(2 * S);
        long t = 1000 * S;
        assertEquals(0, h.copied(7, 3, t), "the first copy only waits for the settle time");
        assertEquals(0, h.level(7, 3));
        t += 5 * S;
        assertEquals(8 * S, h.copied(7, 3, t));
        t += 12 * S;
        assertEquals(32 * S, h.copied(7, 3, t));
        t += 40 * S;
        assertEquals(128 * S, h.copied(7, 3, t));
        t += 150 * S;
        assertEquals(HotBlocks.MAX_HOLD_NS, h.copied(7, 3, t), "at most the bound");
        t += 400 * S;
        assertEquals(HotBlocks.MAX_HOLD_NS, h.copied(7, 3, t));
        assertEquals(-1, h.level(7, 4), "positions are separate");
        assertEquals(0, h.copied(8, 3, t), "and files");
    }

    @Test
    void aPositionLeftAloneBeyondItsWindowStartsAgain() {
        HotBlocks h = new HotBlocks(2 * S);
        long t = 1000 * S;
        h.copied(1, 0, t);
        t += 3 * S;
        assertEquals(8 * S, h.copied(1, 0, t));
        // window after an 8 s hold: 2 * (8 + 2) + 30 = 50 s
        t += 51 * S;
        assertEquals(0, h.copied(1, 0, t), "cooled down");
        assertEquals(0, h.level(1, 0));
    }

    @Test
    void positionsAreBounded() {
        HotBlocks h = new HotBlocks(2 * S);
        for (int i = 0; i < HotBlocks.MAX_POSITIONS + 10; i++) {
            h.copied(1, i, S);
        }
        assertEquals(-1, h.level(1, 0), "the least recently copied position is forgotten");
        assertEquals(0, h.level(1, HotBlocks.MAX_POSITIONS + 9));
    }
}
