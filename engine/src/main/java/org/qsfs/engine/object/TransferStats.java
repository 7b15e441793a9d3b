package org.qsfs.engine.object;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts blocks held in memory by transfers, so tests and the UI can see memory stay bounded. */
public final class TransferStats {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    void enter() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** Blocks held right now. */
    public int blocksInFlight() {
        return inFlight.get();
    }

    /** The most blocks held at once since creation (or the last reset). */
    public int maxBlocksInFlight() {
        return maxInFlight.get();
    }

    public void reset() {
        maxInFlight.set(inFlight.get());
    }
}
