package org.qsfs.engine.store;

/**
 * A shard that could not be used, for repair: which block and shard, where it should be,
 * and what was wrong.
 *
 * @param backendId where the shard should be, or null when it was never placed
 */
public record ShardProblem(BlockRef block, int shardIndex, String backendId, Kind kind, String detail) {
    public enum Kind {
        /** The backend answered but has no such key. */
        MISSING,
        /** The shard came back but failed its header, checksum or index check. */
        CORRUPT,
        /** The backend did not answer (down, timed out, refused): the shard may still be there. */
        UNREACHABLE,
        /** The block was written degraded: this shard was never stored. */
        NOT_PLACED,
        /** The block was written degraded: this shard shares a backend with another shard of the block. */
        MISPLACED
    }

    @Override
    public String toString() {
        return "block " + block.blockId() + " shard " + shardIndex + (backendId == null ? "" : " on " + backendId)
                + ": " + kind + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
