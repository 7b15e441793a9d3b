package org.qsfs.engine.events;

import java.time.Instant;

/**
 * A scrub is under way.
 *
 * @param objectsTotal objects to scrub (known from the listing before the first block)
 * @param shardsReadBack shards fetched and verified against their block reference, besides CHECK
 * @param problems missing, corrupt or unreachable shards found so far
 * @param path the object being scrubbed now
 */
public record ScrubProgress(Instant at, long objectsDone, long objectsTotal, long blocksChecked, long shardsChecked,
                            long shardsReadBack, long bytesChecked, long problems, String path) implements EngineEvent {
}
