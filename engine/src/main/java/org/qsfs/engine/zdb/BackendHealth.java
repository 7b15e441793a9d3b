package org.qsfs.engine.zdb;

import java.time.Duration;

/**
 * What a client knows about its backend right now, for status displays and placement.
 *
 * @param up                  false while the backend is marked down after a failure
 * @param consecutiveFailures transport failures since the last success
 * @param retryIn             how long calls still fail fast; zero when up
 * @param lastError           message of the last transport failure, null if none since the last success
 */
public record BackendHealth(boolean up, int consecutiveFailures, Duration retryIn, String lastError) {
}
