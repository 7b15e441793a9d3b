package org.qsfs.engine.volume;

import java.time.Duration;

/**
 * How long old versions are kept. The default keeps every version forever.
 *
 * @param enabled false: overwrites and deletes keep nothing
 * @param maxVersionsPerFile the newest versions kept per file (0 = no limit)
 * @param maxAge versions older than this are dropped (null = no limit)
 */
public record Retention(boolean enabled, int maxVersionsPerFile, Duration maxAge) {
    public static final Retention KEEP_ALL = new Retention(true, 0, null);
    public static final Retention NONE = new Retention(false, 0, null);
}
