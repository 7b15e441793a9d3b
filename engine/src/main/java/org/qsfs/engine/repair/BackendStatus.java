package org.qsfs.engine.repair;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of {@code qsfs status}.
 *
 * @param role "data" or "meta"
 * @param address host:port/namespace (never the password)
 * @param state HEALTHY, DEGRADED, UNREACHABLE, FULL, or DRAINING for a backend being removed
 * @param reason why it is not healthy (empty when healthy)
 * @param latency smoothed round trip, null when never measured
 * @param usedBytes bytes stored in the namespace, -1 when unknown
 * @param freeBytes bytes that can still be written (namespace limit or disk), -1 when unknown or unlimited
 * @param entries keys in the namespace (NSINFO), -1 when unknown
 * @param shards shards referenced there as counted by the last scrub, -1 when not known yet
 * @param lastProbe when the monitor last asked, null when never
 */
public record BackendStatus(String role, String id, String group, String address, String state, String reason,
                            Duration latency, long usedBytes, long freeBytes, long entries, long shards,
                            Instant lastProbe) {
}
