package org.qsfs.app.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.app.control.BackendDto;
import org.qsfs.app.control.DriveState;
import org.qsfs.app.control.EventDto;
import org.qsfs.app.control.QueueDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.config.Sizes;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementException;

/**
 * Turns what the daemon knows (backend rows, queue, volume size) into one {@link StatusDto}
 * with its state and a summary in plain words. Pure: no I/O.
 */
final class StatusAssembler {
    private final QsfsConfig config;

    StatusAssembler(QsfsConfig config) {
        this.config = config;
    }

    /**
     * @param failure why the mounted volume stopped working (the daemon mounts it again: {@link DriveRecovery}),
     *     or null
     */
    StatusDto assemble(List<BackendDto> rows, QueueDto queue, boolean paused, long logicalBytes, MountInfo mount,
            String failure, ActivityDto activity, List<EventDto> events, long now) {
        long stored = 0;
        boolean storedKnown = false;
        for (BackendDto r : rows) {
            if ("data".equals(r.role()) && r.usedBytes() >= 0) {
                stored += r.usedBytes();
                storedKnown = true;
            }
        }
        double nominal = (double) config.shards() / config.dataShards();
        double overhead = logicalBytes > 0 && stored > 0 ? (double) stored / logicalBytes : nominal;
        long down = rows.stream().filter(r -> !r.healthy() && !"UNKNOWN".equals(r.health())).count();
        boolean checking = rows.stream().anyMatch(r -> "UNKNOWN".equals(r.health()));
        String unusable = unusableProblem(rows);
        String unprotected = unusable == null ? safetyProblem(rows) : null;
        DriveState state;
        String summary;
        if (failure != null) {
            state = DriveState.ERROR;
            summary = "The drive stopped working; QSFS mounts it again by itself once there is room. " + failure;
        } else if (unusable != null) {
            state = DriveState.ERROR;
            summary = "Files cannot be read or stored: " + unusable;
        } else if (down > 0) {
            state = DriveState.DEGRADED;
            summary = down + " of " + rows.size() + " backends " + (down == 1 ? "is" : "are") + " not working; your"
                    + " files are still readable."
                    + (unprotected == null ? "" : " New data is less protected until they return (" + unprotected
                    + ").");
        } else if (queue.pendingBytes() > 0 && queue.problem() != null && !paused) {
            // every backend answers its health check, yet the uploads fail (a full namespace, say)
            state = DriveState.DEGRADED;
            summary = "Uploads are failing, " + Sizes.human(queue.pendingBytes()) + " waits; your files are still"
                    + " readable: " + queue.problem();
        } else if (queue.pendingBytes() > 0) {
            state = DriveState.SYNCING;
            summary = paused ? "Uploads are paused; " + Sizes.human(queue.pendingBytes()) + " waits."
                    : "Uploading " + Sizes.human(queue.pendingBytes()) + eta(queue.etaSeconds()) + ".";
        } else if (unprotected != null) {
            state = DriveState.ERROR;
            summary = "The backends cannot keep the configured protection: " + unprotected;
        } else {
            state = DriveState.OK;
            summary = checking ? "Checking the backends..." : paused ? "All data is safe. Uploads are paused."
                    : "All data is safe.";
        }
        return new StatusDto(state.name(), summary, mount.point(), mount.problem(), mount.transport(), mount.hint(),
                logicalBytes, storedKnown ? stored : -1, overhead, config.dataShards(), config.parityShards(), paused,
                queue, rows, activity, events, now);
    }

    private static boolean usable(BackendDto r) {
        return "HEALTHY".equals(r.health()) || "DEGRADED".equals(r.health()) || "UNKNOWN".equals(r.health());
    }

    /** Why blocks or metadata cannot be read or written at all (fewer than k working), or null. */
    private String unusableProblem(List<BackendDto> rows) {
        long data = rows.stream().filter(r -> "data".equals(r.role()) && usable(r)).count();
        long meta = rows.stream().filter(r -> "meta".equals(r.role()) && usable(r)).count();
        if (data < config.dataShards()) {
            return "only " + data + " data backends work and every block needs " + config.dataShards()
                    + "; bring backends back online.";
        }
        if (meta < config.metadata().dataShards()) {
            return "only " + meta + " metadata backends work and " + config.metadata().dataShards()
                    + " are needed; bring backends back online.";
        }
        return null;
    }

    /** Why the backends that answer cannot keep the configured promise, or null when they can. */
    private String safetyProblem(List<BackendDto> rows) {
        List<Backend> usable = new ArrayList<>();
        int metaUp = 0;
        for (BackendDto r : rows) {
            boolean ok = "HEALTHY".equals(r.health()) || "DEGRADED".equals(r.health()) || "UNKNOWN".equals(r.health());
            if ("meta".equals(r.role())) {
                metaUp += ok ? 1 : 0;
            } else if (ok) {
                usable.add(new Backend(r.id(), r.group(), Long.MAX_VALUE, Health.HEALTHY));
            }
        }
        try {
            config.placementPolicy().validate(usable);
        } catch (PlacementException e) {
            return e.getMessage().replace("configured", "working");
        }
        if (metaUp < config.metadata().shards()) {
            return "only " + metaUp + " of the " + config.metadata().shards()
                    + " metadata backends needed are working.";
        }
        return null;
    }

    static String eta(long seconds) {
        if (seconds < 0) {
            return "";
        }
        if (seconds < 60) {
            return ", less than a minute left";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, ", about %d min left", (seconds + 59) / 60);
        }
        return String.format(Locale.ROOT, ", about %.1f h left", seconds / 3600.0);
    }
}
