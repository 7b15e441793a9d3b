package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rebuild pass behaves.
 *
 * @param lostAfter a backend unreachable for at least this long is considered lost: its shards
 *     are rebuilt elsewhere (a shorter outage, e.g. a reboot, is waited out)
 * @param ignoreBackoff also retry blocks whose last repair failed recently (an explicit
 *     {@code qsfs rebuild} does; the background loop does not)
 */
public record RebuildOptions(Duration lostAfter, boolean ignoreBackoff) {
    public static final RebuildOptions BACKGROUND = new RebuildOptions(Duration.ofMinutes(15), false);
    /** What an explicit rebuild asks: rebuild now, even shards on backends that just went away. */
    public static final RebuildOptions NOW = new RebuildOptions(Duration.ZERO, true);

    public RebuildOptions {
        Objects.requireNonNull(lostAfter, "lostAfter");
        if (lostAfter.isNegative()) {
            throw new IllegalArgumentException("lostAfter cannot be negative, got " + lostAfter);
        }
    }
}
