package org.qsfs.engine.events;

import java.time.Instant;

/**
 * A shard was rebuilt (or moved) and the object's manifest now points at its new place.
 *
 * @param fromBackend where the shard was (null when it had never been placed)
 * @param toBackend where it is now
 * @param reason why: missing, corrupt, unreachable backend, drain
 * @param blockSafe whether the block now meets the placement policy
 */
public record ShardRepaired(Instant at, String path, String blockId, int shardIndex, String fromBackend,
                            String toBackend, String reason, boolean blockSafe) implements EngineEvent {
}
