package org.qsfs.engine.config;

import java.time.Duration;

/**
 * How the mounted drive behaves: what an fsync promises and which old versions it keeps
 * ({@code [volume]} in the TOML file).
 *
 * @param durableFsync fsync returns only once the file's data and metadata are safe on the
 *     backends (false: once they are safe in the local cache)
 * @param keepVersions overwrites and deletes keep the previous content as a version
 * @param maxVersionsPerFile the newest versions kept per file (0 = no limit)
 * @param maxVersionAge versions older than this are dropped (null = kept forever)
 */
public record VolumeConfig(boolean durableFsync, boolean keepVersions, int maxVersionsPerFile,
                           Duration maxVersionAge) {
    /** Fsync safe in the cache; every version kept forever. */
    public static final VolumeConfig DEFAULT = new VolumeConfig(false, true, 0, null);

    public VolumeConfig {
        if (maxVersionsPerFile < 0) {
            throw new IllegalArgumentException("maxVersionsPerFile must be 0 (no limit) or positive");
        }
        if (maxVersionAge != null && (maxVersionAge.isNegative() || maxVersionAge.isZero())) {
            throw new IllegalArgumentException("maxVersionAge must be positive (null = no limit)");
        }
    }

    /** The retention the volume applies. */
    public org.qsfs.engine.volume.Retention retention() {
        return new org.qsfs.engine.volume.Retention(keepVersions, maxVersionsPerFile, maxVersionAge);
    }
}
