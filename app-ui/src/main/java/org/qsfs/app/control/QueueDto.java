package org.qsfs.app.control;

/**
 * The upload queue: written data not yet safe on the backends.
 *
 * @param available whether this daemon has an upload queue (false until the volume is mounted)
 * @param pendingBytes bytes waiting to be uploaded
 * @param pendingBlocks blocks not yet safe on the backends
 * @param bytesPerSecond recent upload rate
 * @param etaSeconds estimated seconds until the queue is empty, -1 when unknown (paused, no rate)
 * @param problem why uploads are failing right now (the last upload error, while they keep
 *     failing), or null
 */
public record QueueDto(boolean available, long pendingBytes, long pendingBlocks, double bytesPerSecond,
                       long etaSeconds, String problem) {
    public static final QueueDto NONE = new QueueDto(false, 0, 0, 0, -1, null);
}
