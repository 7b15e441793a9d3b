package org.qsfs.engine.object;

import java.time.Duration;
import java.util.Objects;
import org.qsfs.engine.placement.PlacementPolicy;

/**
 * Plain settings of a {@link StorageEngine}. Start from {@link #defaults(int, int)} and
 * change what you need with the {@code with...} methods.
 *
 * @param k data shards per block; {@code m} parity shards: any {@code m} may be lost
 * @param redundantGroups whole groups (sites) that may be lost
 * @param metaK data shards of metadata records (over the metadata backends)
 * @param metaM parity shards of metadata records
 * @param blockSize plaintext bytes per block
 * @param blocksInFlight blocks in memory per transfer (bounds memory)
 * @param connectTimeout TCP connect timeout per backend
 * @param requestTimeout one request's timeout inside the zdb client
 * @param shardTimeout how long the store waits for one shard before using another backend
 * @param ioThreads concurrent backend requests
 * @param probeOnOpen ask every backend for NSINFO when opening (free space, reachability)
 */
public record EngineSettings(int k, int m, int redundantGroups, int metaK, int metaM, int blockSize,
                             int blocksInFlight, Duration connectTimeout, Duration requestTimeout,
                             Duration shardTimeout, int ioThreads, boolean probeOnOpen) {
    public EngineSettings {
        new PlacementPolicy(k, m, redundantGroups); // validates
        new PlacementPolicy(metaK, metaM, 0);
        new ObjectStoreOptions(blockSize, blocksInFlight);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shardTimeout, "shardTimeout");
        // A shard is stored as one zdb value, which is at most 8 MiB.
        if ((long) blockSize / k + 4096 > 8L * 1024 * 1024) {
            throw new IllegalArgumentException("block size " + blockSize + " with k=" + k
                    + " makes shards larger than a backend value may be (8 MiB); lower the block size or raise k");
        }
    }

    /** k and m as given, metadata with the same k and m, 4 MiB blocks, 3 in flight, sane timeouts. */
    public static EngineSettings defaults(int k, int m) {
        return new EngineSettings(k, m, 0, k, m, ObjectStoreOptions.DEFAULT_BLOCK_SIZE, 3, Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(15), 32, true);
    }

    public EngineSettings withRedundantGroups(int groups) {
        return new EngineSettings(k, m, groups, metaK, metaM, blockSize, blocksInFlight, connectTimeout,
                requestTimeout, shardTimeout, ioThreads, probeOnOpen);
    }

    public EngineSettings withMetadataShards(int mk, int mm) {
        return new EngineSettings(k, m, redundantGroups, mk, mm, blockSize, blocksInFlight, connectTimeout,
                requestTimeout, shardTimeout, ioThreads, probeOnOpen);
    }

    public EngineSettings withBlockSize(int bytes) {
        return new EngineSettings(k, m, redundantGroups, metaK, metaM, bytes, blocksInFlight, connectTimeout,
                requestTimeout, shardTimeout, ioThreads, probeOnOpen);
    }

    public EngineSettings withBlocksInFlight(int n) {
        return new EngineSettings(k, m, redundantGroups, metaK, metaM, blockSize, n, connectTimeout,
                requestTimeout, shardTimeout, ioThreads, probeOnOpen);
    }

    public EngineSettings withTimeouts(Duration connect, Duration request, Duration shard) {
        return new EngineSettings(k, m, redundantGroups, metaK, metaM, blockSize, blocksInFlight, connect, request,
                shard, ioThreads, probeOnOpen);
    }

    public EngineSettings withProbeOnOpen(boolean probe) {
        return new EngineSettings(k, m, redundantGroups, metaK, metaM, blockSize, blocksInFlight, connectTimeout,
                requestTimeout, shardTimeout, ioThreads, probe);
    }

    public PlacementPolicy dataPolicy() {
        return new PlacementPolicy(k, m, redundantGroups);
    }

    public PlacementPolicy metadataPolicy() {
        return new PlacementPolicy(metaK, metaM, 0);
    }
}
