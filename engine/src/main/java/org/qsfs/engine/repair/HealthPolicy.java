package org.qsfs.engine.repair;

import org.qsfs.engine.placement.Health;

/**
 * Turns what the monitor measured into a state. Pure: tested without backends.
 * Order of precedence: unreachable (enough failures in a row, or access refused) > degraded
 * (a recent failure) > full > degraded (slow) > healthy.
 */
final class HealthPolicy {
    /** A state and why. */
    record Verdict(Health health, String reason) {
    }

    private final HealthMonitorOptions options;

    HealthPolicy(HealthMonitorOptions options) {
        this.options = options;
    }

    Verdict judge(BackendVitals v, boolean accessRefused, boolean retired) {
        if (v.lastError() != null) {
            if (accessRefused) {
                return new Verdict(Health.UNREACHABLE, "access refused (check the namespace password): "
                        + v.lastError());
            }
            if (v.consecutiveFailures() >= options.unreachableAfter()) {
                return new Verdict(Health.UNREACHABLE, v.lastError());
            }
            return new Verdict(Health.DEGRADED, "erroring: " + v.lastError());
        }
        if (retired) {
            return new Verdict(Health.FULL, "being drained: takes no new shards");
        }
        long free = v.info() == null ? -1 : v.info().freeBytes();
        if (free >= 0 && free < options.fullBelowBytes()) {
            return new Verdict(Health.FULL, "full: " + free + " bytes free"
                    + (v.info().dataLimitBytes() > 0 ? " of a " + v.info().dataLimitBytes() + "-byte namespace limit"
                    : " on disk"));
        }
        if (v.latency() != null && v.latency().compareTo(options.degradedLatency()) > 0) {
            return new Verdict(Health.DEGRADED, "slow: " + v.latency().toMillis() + " ms per round trip");
        }
        return new Verdict(Health.HEALTHY, "");
    }
}
