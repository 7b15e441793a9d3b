package org.qsfs.app.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.qsfs.app.control.ControlEndpoint;
import org.qsfs.engine.config.ConfiguredEngine;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.repair.RepairService;
import org.qsfs.engine.repair.RepairSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code qsfs} daemon: owns the engine, its repair service (backend health, background
 * rebuild and scrub), the volume and the mount, and serves the control API. The desktop app
 * runs it as a separate process ({@code qsfs mount}) and never mounts in its own JVM. Start
 * with {@link #start}, stop with {@link #close} (also on POST /v1/shutdown and, from the CLI,
 * on SIGINT/SIGTERM).
 *
 * <p>With the key ({@link DaemonOptions#key()}) the daemon opens the engine and runs a
 * {@link RepairService} on it, mounted or not; without it (monitor-only) it only watches the
 * backends' health.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final BackendHealth health;
    private final Engine engine;
    private final DaemonCore core;
    private final ControlServer server;
    /** Mounts the drive again when its volume stops; null without a drive. */
    private volatile DriveRecovery recovery;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    /** The engine with its repair service and what reports on it; closed in reverse order. */
    private record Engine(MasterKey key, StorageEngine engine, RepairService repair, RepairActivity activity)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                if (activity != null) {
                    activity.close();
                }
                if (repair != null) {
                    repair.close();
                }
                if (engine != null) {
                    engine.close();
                }
            } finally {
                key.destroy();
            }
        }
    }

    private Daemon(BackendHealth health, Engine engine, DaemonCore core, ControlServer server) {
        this.health = health;
        this.engine = engine;
        this.core = core;
        this.server = server;
    }

    /**
     * Opens the engine and starts its repair service (when the key is given), mounts the drive
     * (when asked), then serves the control API.
     *
     * @throws MountUnavailableException a mount was asked for and this build cannot mount
     */
    public static Daemon start(DaemonOptions o) throws IOException, MountUnavailableException {
        if (o.mount() && !MountSupport.missing().isEmpty()) {
            if (o.key() != null) {
                o.key().destroy();
            }
            throw new MountUnavailableException(MountSupport.explain());
        }
        if (o.mount() && o.key() == null) {
            throw new IllegalArgumentException("mounting needs the unlocked key");
        }
        QsfsConfig c = o.config();
        EventLog events = new EventLog(200, Clock.systemUTC());
        Engine engine = null;
        BackendHealth health = null;
        VolumeHandle volume = null;
        ControlServer server = null;
        try {
            RepairActivity activity = null;
            if (o.key() != null) {
                engine = openEngine(o, events);
                activity = engine.activity();
                health = BackendHealth.of(c, engine.engine(), engine.repair().monitor(), events);
                engine.repair().start(); // after the listeners: the first probe round is reported
            } else {
                health = BackendHealth.standalone(c, o.checkInterval(), events);
                health.start();
            }
            DaemonCore core = new DaemonCore(c, health, activity, events, Clock.systemUTC(),
                    o.mount() ? null : "The drive is not mounted: this daemon was started with --no-mount.");
            if (o.paused()) {
                core.pause();
            }
            if (o.mount()) {
                volume = openVolume(o, engine.engine());
                if (volume instanceof MountedDrive drive) {
                    engine.repair().addSource(drive.blockRefs()); // the drive's blocks are scrubbed and repaired too
                }
                core.attach(volume);
                events.info("Drive mounted at " + volume.mountPoint() + ".");
                if (volume.speedHint() != null) {
                    events.info("The drive could be faster: " + volume.speedHint() + ".");
                }
            }
            server = ControlServer.start(core, o.endpointFile(), String.valueOf(o.configFile()));
            events.info("QSFS started" + (o.mount() ? "." : engine != null
                    ? " without a drive (checking the backends and repairing stored objects)."
                    : " without a drive (monitoring the backends)."));
            Daemon d = new Daemon(health, engine, core, server);
            core.onShutdown(d::close);
            if (volume instanceof MountedDrive drive) {
                d.closeWhenUnmounted(drive);
                Engine e = engine;
                d.recovery = new DriveRecovery(core, events, e.repair(), c.cache().dir(),
                        () -> MountedDrive.open(c, e.engine(), o.mountPoint(), o.bandwidthLimit()),
                        d::closeWhenUnmounted, o.checkInterval());
                d.recovery.start();
            }
            return d;
        } catch (IOException | MountUnavailableException | RuntimeException e) {
            closeQuietly(volume);
            if (health != null) {
                health.close();
            }
            if (engine != null) {
                engine.close();
            } else if (o.key() != null) {
                o.key().destroy();
            }
            throw e;
        }
    }

    /**
     * Someone ran umount on {@code drive}: the daemon has nothing left to serve and stops; not
     * when the drive was replaced meanwhile (mounted again after it stopped working).
     */
    private void closeWhenUnmounted(MountedDrive drive) {
        Thread t = new Thread(() -> {
            try {
                drive.awaitUnmounted();
                if (core.volume() == drive) {
                    close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "qsfs-await-unmount");
        t.setDaemon(true);
        t.start();
    }

    /** Opens the engine on the configured backends and the repair service on it (not started yet). */
    private static Engine openEngine(DaemonOptions o, EventLog events) throws IOException {
        QsfsConfig c = o.config();
        StorageEngine engine;
        try {
            engine = ConfiguredEngine.open(o.key(), c);
        } catch (PlacementException e) {
            throw new IOException("cannot open the volume: " + e.getMessage(), e);
        }
        RepairService repair = null;
        try {
            RepairSettings settings = repairSettings(o.checkInterval());
            repair = new RepairService(engine, settings, EventListener.NONE);
            RepairActivity activity = new RepairActivity(repair, engine, settings.scrub(), events, Clock.systemUTC());
            return new Engine(o.key(), engine, repair, activity);
        } catch (RuntimeException e) {
            if (repair != null) {
                repair.close();
            }
            engine.close();
            throw e;
        }
    }

    /** The engine's defaults, with backends checked every {@code checkInterval}. */
    static RepairSettings repairSettings(Duration checkInterval) {
        return RepairSettings.DEFAULTS.withMonitor(RepairSettings.DEFAULTS.monitor().withInterval(checkInterval));
    }

    /** Opens the volume on the engine and mounts it. */
    private static VolumeHandle openVolume(DaemonOptions o, StorageEngine engine)
            throws IOException, MountUnavailableException {
        try {
            return MountedDrive.open(o.config(), engine, o.mountPoint(), o.bandwidthLimit());
        } catch (IOException | MountUnavailableException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot mount the drive at " + o.mountPoint() + ": " + e.getMessage(), e);
        }
    }

    public DaemonCore core() {
        return core;
    }

    /** The repair service; null when the daemon runs without the key. */
    RepairService repair() {
        return engine == null ? null : engine.repair();
    }

    /** The engine; null when the daemon runs without the key. */
    StorageEngine engine() {
        return engine == null ? null : engine.engine();
    }

    public ControlEndpoint endpoint() {
        return server.endpoint();
    }

    /** Blocks until the daemon is closed (POST /v1/shutdown, a signal, or {@link #close}). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Unmounts, stops serving, stops repair (a running scrub is interrupted), closes the engine,
     * destroys the key, removes the endpoint file. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            DriveRecovery r = recovery;
            if (r != null) {
                r.close(); // no remount while the daemon closes
            }
            VolumeHandle volume = core.volume();
            if (engine != null && volume instanceof MountedDrive drive) {
                engine.repair().removeSource(drive.blockRefs().name()); // before its database closes
            }
            closeQuietly(volume);
            server.close();
            health.close();
            if (engine != null) {
                engine.close();
            }
            log.info("daemon stopped");
        } finally {
            stopped.countDown();
        }
    }

    private static void closeQuietly(VolumeHandle v) {
        if (v == null) {
            return;
        }
        try {
            v.close();
        } catch (Exception e) {
            log.error("unmounting failed: {}", e.toString(), e);
        }
    }
}
