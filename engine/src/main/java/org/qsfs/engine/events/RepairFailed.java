package org.qsfs.engine.events;

import java.time.Duration;
import java.time.Instant;

/**
 * A block could not be repaired now; nothing was lost (the old shards stay referenced).
 *
 * @param path the object, or null when not known
 * @param retryIn when repair tries again (null: not retried automatically)
 */
public record RepairFailed(Instant at, String path, String blockId, String reason, Duration retryIn)
        implements EngineEvent {
}
