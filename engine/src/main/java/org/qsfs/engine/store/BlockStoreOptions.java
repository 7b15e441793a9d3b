package org.qsfs.engine.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link BlockStore}.
 *
 * @param shardTimeout how long one shard write or read (or one backend's share of the shards of
 *     a {@link BlockStore#putAll}, which the upload queue keeps to 512 KiB of small blocks) may
 *     take before the store gives up waiting and uses another backend (the slow request may
 *     still finish; it is then ignored)
 * @param ioThreads threads doing shard I/O for all blocks in flight
 * @param retryUnreachableAfter a backend the store marked unreachable is tried again (as a
 *     spare) after this long, so a blip does not exclude it until a monitor notices
 */
public record BlockStoreOptions(Duration shardTimeout, int ioThreads, Duration retryUnreachableAfter) {
    public static final BlockStoreOptions DEFAULTS =
            new BlockStoreOptions(Duration.ofSeconds(15), 32, Duration.ofSeconds(30));

    public BlockStoreOptions {
        Objects.requireNonNull(shardTimeout, "shardTimeout");
        Objects.requireNonNull(retryUnreachableAfter, "retryUnreachableAfter");
        if (shardTimeout.isNegative() || shardTimeout.isZero()) {
            throw new IllegalArgumentException("shard timeout must be positive, got " + shardTimeout);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("I/O threads must be at least 1, got " + ioThreads);
        }
    }

    public BlockStoreOptions withShardTimeout(Duration d) {
        return new BlockStoreOptions(d, ioThreads, retryUnreachableAfter);
    }

    public BlockStoreOptions withIoThreads(int n) {
        return new BlockStoreOptions(shardTimeout, n, retryUnreachableAfter);
    }
}
