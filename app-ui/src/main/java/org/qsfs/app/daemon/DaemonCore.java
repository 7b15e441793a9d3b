package org.qsfs.app.daemon;

import java.time.Clock;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.app.control.QueueDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.config.QsfsConfig;

/**
 * What the control API does: status from the backends' health monitor, the repair service and
 * the volume (when mounted), pause and resume, scrub, metrics. No HTTP here
 * ({@link ControlServer}) and no process lifecycle ({@link Daemon}).
 */
public final class DaemonCore {
    /** What an action answered, with the HTTP status the control API gives it. */
    public record Answer(int httpStatus, ActionResult result) {
    }

    private final BackendHealth health;
    private final RepairActivity repair;
    private final EventLog events;
    private final StatusAssembler assembler;
    private final Clock clock;
    /** Why no drive is mounted, shown while there is none. */
    private volatile String notMounted;
    private volatile VolumeHandle volume;
    private volatile boolean paused;
    private volatile Runnable shutdown = () -> { };

    /**
     * @param repair the repair service's activity; null when the daemon runs without the key
     * @param monitorOnlyNote why no drive is mounted (shown in status) when there is no volume
     */
    DaemonCore(QsfsConfig config, BackendHealth health, RepairActivity repair, EventLog events, Clock clock,
            String monitorOnlyNote) {
        this.health = health;
        this.repair = repair;
        this.events = events;
        this.assembler = new StatusAssembler(config);
        this.clock = clock;
        this.notMounted = monitorOnlyNote;
    }

    public EventLog events() {
        return events;
    }

    /** The mounted volume; null in monitor-only mode. */
    public void attach(VolumeHandle v) {
        if (v != null) {
            v.setPaused(paused);
        }
        this.volume = v;
    }

    /** The mounted volume, or null. */
    VolumeHandle volume() {
        return volume;
    }

    /** No drive for now (it is being mounted again); {@code why} shows in the status. */
    void detach(String why) {
        notMounted = why;
        volume = null;
    }

    /** What POST /v1/shutdown runs. */
    public void onShutdown(Runnable r) {
        this.shutdown = r;
    }

    public StatusDto status() {
        VolumeHandle v = volume;
        QueueDto queue = v == null ? QueueDto.NONE : v.queue();
        MountInfo mount = v == null ? MountInfo.notMounted(notMounted)
                : MountInfo.mounted(v.mountPoint(), v.transport(), v.speedHint());
        return assembler.assemble(health.rows(), queue, paused, v == null ? -1 : v.logicalBytes(), mount,
                v == null ? null : v.failure(), activity(), events.recent(50), clock.millis());
    }

    private ActivityDto activity() {
        if (repair == null) {
            String why = "not running: this daemon has no key (started with --no-mount)";
            return new ActivityDto(why, why, 0, 0, false, false, 0, 0, 0, 0, 0);
        }
        return repair.activity();
    }

    public ActionResult pause() {
        if (paused) {
            return new ActionResult(true, "Uploads were already paused.");
        }
        paused = true;
        VolumeHandle v = volume;
        if (v != null) {
            v.setPaused(true);
        }
        events.info("Uploads paused. New files stay in the local cache until you resume.");
        return new ActionResult(true, "Uploads paused.");
    }

    public ActionResult resume() {
        if (!paused) {
            return new ActionResult(true, "Uploads were not paused.");
        }
        paused = false;
        VolumeHandle v = volume;
        if (v != null) {
            v.setPaused(false);
        }
        events.info("Uploads resumed.");
        return new ActionResult(true, "Uploads resumed.");
    }

    public boolean paused() {
        return paused;
    }

    /** A request the daemon cannot serve: the HTTP status and why, in plain words. */
    public static final class Refused extends Exception {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The contents the drive keeps for {@code path}, oldest first, the current one last. */
    public org.qsfs.app.control.VersionsDto versions(String path) throws Refused {
        VolumeHandle v = mounted(path);
        java.util.List<org.qsfs.app.control.VersionDto> list;
        try {
            list = v.versions(path);
        } catch (Exception e) {
            throw refused(path, e);
        }
        if (list.isEmpty()) {
            throw new Refused(404, "nothing was ever kept at " + path + " in the drive");
        }
        return new org.qsfs.app.control.VersionsDto(path, list);
    }

    /** Makes a kept version the content of {@code path} again (what it replaces is kept too). */
    public Answer restoreVersion(String path, String id) {
        try {
            mounted(path).restoreVersion(path, id);
        } catch (Exception e) {
            Refused r = refused(path, e); // a Refused stays as it is
            return new Answer(r.status(), new ActionResult(false, r.getMessage()));
        }
        events.info("Restored " + path + " to version " + id);
        return new Answer(200, new ActionResult(true, path + " has the content of version " + id
                + " again; what it replaced is kept as a version (qsfs versions " + path + ")."));
    }

    private VolumeHandle mounted(String path) throws Refused {
        VolumeHandle v = volume;
        if (v == null) {
            throw new Refused(409, "this daemon runs without a mounted drive (--no-mount): start the drive with"
                    + " `qsfs mount` or the QSFS app to see the versions of " + path);
        }
        if (path == null || !path.startsWith("/")) {
            throw new Refused(400, "give the path inside the drive, starting with /, e.g. /docs/report.odt (not "
                    + path + ")");
        }
        return v;
    }

    private static Refused refused(String path, Exception e) {
        if (e instanceof Refused r) {
            return r;
        }
        if (e instanceof org.qsfs.engine.fs.FsException fe) {
            return switch (fe.errno()) {
                case ENOENT -> new Refused(404, path + ": " + fe.getMessage());
                case EINVAL, ENOTSUP, ENOTDIR, EISDIR, ENAMETOOLONG -> new Refused(400, path + ": " + fe.getMessage());
                default -> new Refused(500, path + ": " + fe.getMessage());
            };
        }
        return new Refused(500, path + ": " + e);
    }

    /**
     * Starts a scrub and rebuild of every object and kept version in the background: 202; 409
     * while one runs; 501 when this daemon has no key to read the volume with.
     */
    public Answer scrub() {
        if (repair == null) {
            return new Answer(501, new ActionResult(false, "this daemon runs without the volume's key (--no-mount),"
                    + " so it cannot scrub; run `qsfs scrub` (it verifies every shard and rebuilds bad ones)"));
        }
        if (repair.startScrub() == RepairActivity.Start.BUSY) {
            ActivityDto a = repair.activity();
            return new Answer(409, new ActionResult(false, "a scrub is already running (" + a.scrub() + "); wait"
                    + " until it finishes: GET /v1/status shows its progress"));
        }
        return new Answer(202, new ActionResult(true, "Scrub started: every shard is checked and bad ones are"
                + " rebuilt; GET /v1/status shows the progress."));
    }

    public String metrics() {
        VolumeHandle v = volume;
        return Metrics.render(status(), v == null ? 0 : v.cacheHits(), v == null ? 0 : v.cacheMisses(),
                repair == null ? 0 : repair.shardsChecked(), repair == null ? 0 : repair.problemsFound());
    }

    public ActionResult shutdown() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200); // let this answer reach the caller before the server stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shutdown.run();
        }, "qsfs-shutdown");
        t.start();
        return new ActionResult(true, "Unmounting and stopping the daemon.");
    }
}
