package org.qsfs.engine.events;

import java.time.Instant;

/** A rebuild pass is under way: damaged blocks done of total, shards rebuilt, blocks that failed. */
public record RebuildProgress(Instant at, long blocksDone, long blocksTotal, long shardsRebuilt, long failed)
        implements EngineEvent {
}
