package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link HealthMonitor}.
 *
 * @param interval time between two probes of every backend
 * @param degradedLatency a smoothed round trip above this marks a backend degraded (slow)
 * @param unreachableAfter consecutive failed probes before a backend is unreachable; fewer
 *     make it degraded (erroring)
 * @param fullBelowBytes a backend with less free space than this (namespace limit or disk) is
 *     full: a few shards more would not fit
 * @param latencyWeight weight of a new sample in the smoothed latency (0..1]
 */
public record HealthMonitorOptions(Duration interval, Duration degradedLatency, int unreachableAfter,
                                   long fullBelowBytes, double latencyWeight) {
    public static final HealthMonitorOptions DEFAULTS =
            new HealthMonitorOptions(Duration.ofSeconds(10), Duration.ofSeconds(1), 2, 16L << 20, 0.3);

    public HealthMonitorOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(degradedLatency, "degradedLatency");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the monitor interval must be positive, got " + interval);
        }
        if (unreachableAfter < 1) {
            throw new IllegalArgumentException("unreachableAfter must be at least 1 failed probe, got "
                    + unreachableAfter);
        }
        if (fullBelowBytes < 0) {
            throw new IllegalArgumentException("fullBelowBytes cannot be negative");
        }
        if (!(latencyWeight > 0 && latencyWeight <= 1)) {
            throw new IllegalArgumentException("latencyWeight is in (0, 1], got " + latencyWeight);
        }
    }

    public HealthMonitorOptions withInterval(Duration d) {
        return new HealthMonitorOptions(d, degradedLatency, unreachableAfter, fullBelowBytes, latencyWeight);
    }

    public HealthMonitorOptions withFullBelowBytes(long bytes) {
        return new HealthMonitorOptions(interval, degradedLatency, unreachableAfter, bytes, latencyWeight);
    }

    public HealthMonitorOptions withDegradedLatency(Duration d) {
        return new HealthMonitorOptions(interval, d, unreachableAfter, fullBelowBytes, latencyWeight);
    }
}
