package org.qsfs.engine.config;

import java.nio.file.Path;
import java.util.Objects;

/** The local block cache: its directory and the most bytes it may use. */
public record CacheConfig(Path dir, long sizeBytes) {
    public static final long DEFAULT_SIZE = 2L * 1024 * 1024 * 1024;

    public CacheConfig {
        Objects.requireNonNull(dir, "dir");
    }
}
