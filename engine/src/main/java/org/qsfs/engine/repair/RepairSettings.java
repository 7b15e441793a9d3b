package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link RepairService}.
 *
 * @param monitor health probe interval and thresholds
 * @param scrub options of background and default scrubs
 * @param scrubEvery background scrub period (null: only on request)
 * @param rebuildEvery how often the background loop drains the repair queue
 * @param background options of background rebuild passes (when a backend counts as lost)
 * @param queueCapacity damaged blocks remembered at most
 * @param retryInitial first delay before a failed repair is retried (doubles per failure)
 * @param retryMax longest delay between retries
 * @param ioThreads threads for repair's shard I/O (separate from the store's, so repair never
 *     starves reads and writes of the mount)
 * @param shardTimeout how long repair waits for one shard read before counting it unreachable
 */
public record RepairSettings(HealthMonitorOptions monitor, ScrubOptions scrub, Duration scrubEvery,
                             Duration rebuildEvery, RebuildOptions background, int queueCapacity,
                             Duration retryInitial, Duration retryMax, int ioThreads, Duration shardTimeout) {
    public static final RepairSettings DEFAULTS = new RepairSettings(HealthMonitorOptions.DEFAULTS,
            ScrubOptions.DEFAULTS.withPace(0, 20L << 20), Duration.ofDays(7), Duration.ofMinutes(1),
            RebuildOptions.BACKGROUND, 100_000, Duration.ofSeconds(30), Duration.ofHours(1), 8,
            Duration.ofSeconds(15));

    public RepairSettings {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(scrub, "scrub");
        Objects.requireNonNull(rebuildEvery, "rebuildEvery");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(retryInitial, "retryInitial");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(shardTimeout, "shardTimeout");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("repair needs at least 1 I/O thread, got " + ioThreads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("repair queue capacity must be at least 1, got " + queueCapacity);
        }
    }

    public RepairSettings withMonitor(HealthMonitorOptions m) {
        return new RepairSettings(m, scrub, scrubEvery, rebuildEvery, background, queueCapacity, retryInitial,
                retryMax, ioThreads, shardTimeout);
    }

    public RepairSettings withScrub(ScrubOptions s, Duration every) {
        return new RepairSettings(monitor, s, every, rebuildEvery, background, queueCapacity, retryInitial,
                retryMax, ioThreads, shardTimeout);
    }

    public RepairSettings withRebuild(Duration every, RebuildOptions options) {
        return new RepairSettings(monitor, scrub, scrubEvery, every, options, queueCapacity, retryInitial,
                retryMax, ioThreads, shardTimeout);
    }

    public RepairSettings withRetry(Duration initial, Duration max) {
        return new RepairSettings(monitor, scrub, scrubEvery, rebuildEvery, background, queueCapacity, initial, max,
                ioThreads, shardTimeout);
    }

    public RepairSettings withShardTimeout(Duration d) {
        return new RepairSettings(monitor, scrub, scrubEvery, rebuildEvery, background, queueCapacity, retryInitial,
                retryMax, ioThreads, d);
    }
}
