package org.qsfs.engine.repair;

import java.time.Duration;
import java.time.Instant;
import org.qsfs.engine.zdb.NamespaceInfo;

/**
 * What the monitor measured of one backend so far.
 *
 * @param latency smoothed round trip of PING (null before the first answer)
 * @param consecutiveFailures failed probes since the last good one
 * @param errors failed probes in total
 * @param probes probes in total
 * @param info the last NSINFO answer (null before the first)
 * @param lastProbe when it was last probed (null: never)
 * @param lastError the last probe's error, null when it answered
 */
public record BackendVitals(Duration latency, int consecutiveFailures, long errors, long probes, NamespaceInfo info,
                            Instant lastProbe, String lastError) {
    static final BackendVitals NONE = new BackendVitals(null, 0, 0, 0, null, null, null);
}
