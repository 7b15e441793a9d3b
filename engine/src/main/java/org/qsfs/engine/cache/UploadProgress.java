package org.qsfs.engine.cache;

/**
 * A snapshot of background dispersal for the UI.
 *
 * @param pendingBlocks blocks not yet safe on the backends (dirty or being sent)
 * @param pendingBytes their plaintext bytes
 * @param bytesPerSecond recent upload rate (plaintext)
 * @param etaSeconds time to drain at that rate; -1 when unknown
 * @param degraded uploads are failing (backends unreachable or too few): they are retried
 * @param lastError why, when degraded
 * @param paused sync was paused by the user
 * @param uploadedBytes plaintext bytes made safe since open
 */
public record UploadProgress(long pendingBlocks, long pendingBytes, double bytesPerSecond, long etaSeconds,
                             boolean degraded, String lastError, boolean paused, long uploadedBytes) {
}
