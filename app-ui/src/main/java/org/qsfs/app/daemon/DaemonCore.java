package org.qsfs.app.daemon;

import java.time.Clock;
import org.qsfs.app.control.ActionResult;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.app.control.QueueDto;
import org.qsfs.app.control.StatusDto;
import org.qsfs.engine.config.QsfsConfig;

/**
 * What the control API does: status from the backend watcher and the volume (when mounted),
 * pause and resume, scrub, metrics. No HTTP here ({@link ControlServer}) and no process
 * lifecycle ({@link Daemon}).
 */
public final class DaemonCore {
    private final BackendWatcher watcher;
    private final EventLog events;
    private final StatusAssembler assembler;
    private final Clock clock;
    private final String monitorOnlyNote;
    private volatile VolumeHandle volume;
    private volatile boolean paused;
    private volatile Runnable shutdown = () -> { };

    /**
     * @param monitorOnlyNote why no drive is mounted (shown in status) when there is no volume
     */
    public DaemonCore(QsfsConfig config, BackendWatcher watcher, EventLog events, Clock clock,
            String monitorOnlyNote) {
        this.watcher = watcher;
        this.events = events;
        this.assembler = new StatusAssembler(config);
        this.clock = clock;
        this.monitorOnlyNote = monitorOnlyNote;
    }

    public EventLog events() {
        return events;
    }

    /** The mounted volume; null in monitor-only mode. */
    public void attach(VolumeHandle v) {
        this.volume = v;
        if (v != null) {
            v.setPaused(paused);
        }
    }

    /** What POST /v1/shutdown runs. */
    public void onShutdown(Runnable r) {
        this.shutdown = r;
    }

    public StatusDto status() {
        VolumeHandle v = volume;
        QueueDto queue = v == null ? QueueDto.NONE : v.queue();
        return assembler.assemble(watcher.rows(), queue, paused, v == null ? -1 : v.logicalBytes(),
                v == null ? null : v.mountPoint(), v == null ? monitorOnlyNote : null, ActivityDto.IDLE,
                events.recent(50), clock.millis());
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

    /** The daemon does not run the scrubber (org.qsfs.engine.repair) yet: say where it runs. */
    public ActionResult scrub() {
        return new ActionResult(false, "the daemon does not run the scrubber yet; run `qsfs scrub` (it verifies"
                + " every shard and rebuilds bad ones)");
    }

    public String metrics() {
        VolumeHandle v = volume;
        return Metrics.render(status(), v == null ? 0 : v.cacheHits(), v == null ? 0 : v.cacheMisses());
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
