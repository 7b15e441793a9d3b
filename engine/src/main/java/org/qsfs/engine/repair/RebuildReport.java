package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.List;

/**
 * What a rebuild (or drain) pass did.
 *
 * @param blocksExamined damaged blocks looked at
 * @param blocksRepaired blocks whose manifest now points at rebuilt or moved shards
 * @param shardsRebuilt shards written to a new place
 * @param failures per block that could not be (fully) repaired, why; each is retried later
 * @param waiting blocks left for later because a backend is unreachable but not yet lost
 */
public record RebuildReport(long blocksExamined, long blocksRepaired, long shardsRebuilt, List<String> failures,
                            long waiting, Duration elapsed) {
    public RebuildReport {
        failures = List.copyOf(failures);
    }

    /** True when nothing failed and nothing is left waiting. */
    public boolean complete() {
        return failures.isEmpty() && waiting == 0;
    }
}
