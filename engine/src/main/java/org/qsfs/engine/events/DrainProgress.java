package org.qsfs.engine.events;

import java.time.Instant;

/** A backend is being drained: objects walked of total, shards moved off it, shards that failed to move. */
public record DrainProgress(Instant at, String backendId, long objectsDone, long objectsTotal, long shardsMoved,
                            long failed) implements EngineEvent {
}
