package org.qsfs.engine.codec;

import java.util.List;
import java.util.SortedMap;

/**
 * A block read back, with the shards that could not be used: those should be queued
 * for repair even though the read succeeded.
 *
 * @param data the block's bytes
 * @param missingShards indices of shards that were not supplied
 * @param corruptShards indices of supplied shards that failed verification, with why
 */
public record DecodedBlock(byte[] data, List<Integer> missingShards, SortedMap<Integer, String> corruptShards) {
    /** True when every shard was present and verified. */
    public boolean allShardsGood() {
        return missingShards.isEmpty() && corruptShards.isEmpty();
    }
}
