package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.List;

/**
 * What draining a backend did.
 *
 * @param objects objects walked
 * @param shardsMoved shards moved off the backend (copied, or rebuilt when it did not answer)
 * @param remaining shard references to the backend left after the drain (0: it can be removed)
 * @param failures per block that could not be moved, why
 */
public record DrainReport(String backendId, long objects, long shardsMoved, long remaining, List<String> failures,
                          Duration elapsed) {
    public DrainReport {
        failures = List.copyOf(failures);
    }

    /** True when no manifest references the backend any more. */
    public boolean complete() {
        return remaining == 0;
    }
}
