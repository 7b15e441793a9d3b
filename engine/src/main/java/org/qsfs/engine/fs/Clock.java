package org.qsfs.engine.fs;

import java.time.Instant;

/** Nanoseconds since the epoch, as precise as the platform clock. */
final class Clock {
    private Clock() {
    }

    static long nowNs() {
        Instant n = Instant.now();
        return n.getEpochSecond() * 1_000_000_000L + n.getNano();
    }
}
