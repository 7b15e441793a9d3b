package org.qsfs.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementPolicy;

/**
 * A volume's configuration: how blocks are coded ({@code dataShards} = k,
 * {@code parityShards} = m), what failures placement plans for, where the data and
 * metadata backends are, the key file, the local cache, timeouts and the drive's fsync and
 * version retention.
 *
 * <p>Read one with {@link ConfigLoader}, which validates it ({@link ConfigValidator});
 * write one with {@link ConfigWriter}. The file format is in docs/CONFIGURATION.md.
 */
public record QsfsConfig(int dataShards, int parityShards, int redundantGroups, long blockSize, Path keyFile,
                         List<BackendGroup> groups, MetadataConfig metadata, CacheConfig cache, Timeouts timeouts,
                         VolumeConfig volume) {
    public static final int DEFAULT_DATA_SHARDS = 4;
    public static final int DEFAULT_PARITY_SHARDS = 2;
    public static final long DEFAULT_BLOCK_SIZE = 4L * 1024 * 1024;

    public QsfsConfig {
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(volume, "volume");
        groups = List.copyOf(groups);
    }

    /** With the default drive behaviour ({@link VolumeConfig#DEFAULT}). */
    public QsfsConfig(int dataShards, int parityShards, int redundantGroups, long blockSize, Path keyFile,
                      List<BackendGroup> groups, MetadataConfig metadata, CacheConfig cache, Timeouts timeouts) {
        this(dataShards, parityShards, redundantGroups, blockSize, keyFile, groups, metadata, cache, timeouts,
                VolumeConfig.DEFAULT);
    }

    public QsfsConfig withVolume(VolumeConfig v) {
        return new QsfsConfig(dataShards, parityShards, redundantGroups, blockSize, keyFile, groups, metadata, cache,
                timeouts, v);
    }

    /** k + m. */
    public int shards() {
        return dataShards + parityShards;
    }

    /** The promise placement keeps for every block. */
    public PlacementPolicy placementPolicy() {
        return new PlacementPolicy(dataShards, parityShards, redundantGroups);
    }

    /** Every data backend, group by group, in file order. */
    public List<BackendConfig> dataBackends() {
        List<BackendConfig> all = new ArrayList<>();
        for (BackendGroup g : groups) {
            all.addAll(g.backends());
        }
        return all;
    }

    /**
     * The data backends as placement sees them before any health check: healthy, with
     * unknown (unbounded) free space. Ids are {@link BackendConfig#id()}.
     */
    public List<Backend> placementBackends() {
        List<Backend> all = new ArrayList<>();
        for (BackendGroup g : groups) {
            for (BackendConfig b : g.backends()) {
                all.add(new Backend(b.id(), g.name(), Long.MAX_VALUE, Health.HEALTHY));
            }
        }
        return all;
    }
}
