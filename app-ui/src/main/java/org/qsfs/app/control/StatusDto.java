package org.qsfs.app.control;

import java.util.List;

/**
 * What {@code GET /v1/status} returns: everything the main window, the tray and
 * {@code qsfs status} show. Sizes in bytes; -1 means unknown.
 *
 * @param state OK, SYNCING, DEGRADED or ERROR ({@link DriveState})
 * @param summary the state in plain words, e.g. "All data is safe."
 * @param mountPoint where the drive is mounted, or null when it is not
 * @param mountProblem why the drive is not mounted (null when it is)
 * @param mountTransport how the OS hands the mounted drive its requests: "io_uring" or "/dev/fuse"
 *     (Linux), "fuse" (libfuse), "dokany"; null when not mounted
 * @param mountHint a setting of this machine that would make the drive faster, in words a user
 *     can act on (FUSE over io_uring switched off in the kernel); null when there is none
 * @param logicalBytes bytes of files in the volume
 * @param storedBytes bytes the volume occupies on the data backends
 * @param overhead storedBytes / logicalBytes, or the configured (k+m)/k while nothing is stored
 * @param dataShards k
 * @param parityShards m
 * @param paused uploads are paused
 * @param queue the upload queue
 * @param backends one row per data and metadata backend
 * @param activity repair and scrub, in plain words
 * @param events recent events, newest first
 * @param updatedAt when this was computed (epoch milliseconds)
 */
public record StatusDto(String state, String summary, String mountPoint, String mountProblem, String mountTransport,
                        String mountHint, long logicalBytes, long storedBytes, double overhead, int dataShards,
                        int parityShards, boolean paused,
                        QueueDto queue, List<BackendDto> backends, ActivityDto activity, List<EventDto> events,
                        long updatedAt) {
    public StatusDto {
        backends = backends == null ? List.of() : List.copyOf(backends);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public DriveState driveState() {
        return DriveState.parse(state);
    }
}
