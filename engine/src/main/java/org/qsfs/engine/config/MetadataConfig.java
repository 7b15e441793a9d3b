package org.qsfs.engine.config;

import java.util.List;

/**
 * Where the (encrypted, erasure-coded) metadata records live: {@code dataShards} +
 * {@code parityShards} shards per record over {@code backends} (user-mode namespaces).
 */
public record MetadataConfig(int dataShards, int parityShards, List<BackendConfig> backends) {
    public static final int DEFAULT_DATA_SHARDS = 2;
    public static final int DEFAULT_PARITY_SHARDS = 2;

    public MetadataConfig {
        backends = List.copyOf(backends);
    }

    public int shards() {
        return dataShards + parityShards;
    }
}
