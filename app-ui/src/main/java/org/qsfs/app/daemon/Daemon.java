package org.qsfs.app.daemon;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.qsfs.app.control.ControlEndpoint;
import org.qsfs.engine.config.BackendConfig;
import org.qsfs.engine.config.BackendGroup;
import org.qsfs.engine.config.QsfsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code qsfs} daemon: owns the backend watcher, the volume and the mount, and serves
 * the control API. The desktop app runs it as a separate process ({@code qsfs mount}) and
 * never mounts in its own JVM. Start with {@link #start}, stop with {@link #close} (also on
 * POST /v1/shutdown and, from the CLI, on SIGINT/SIGTERM).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final BackendWatcher watcher;
    private final DaemonCore core;
    private final ControlServer server;
    private final VolumeHandle volume;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private Daemon(BackendWatcher watcher, DaemonCore core, ControlServer server, VolumeHandle volume) {
        this.watcher = watcher;
        this.core = core;
        this.server = server;
        this.volume = volume;
    }

    /**
     * Starts checking the backends, mounts the drive (when asked), then serves the control API.
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
        QsfsConfig c = o.config();
        EventLog events = new EventLog(200, Clock.systemUTC());
        BackendWatcher watcher = new BackendWatcher(watched(c), o.checkInterval(), c.timeouts().connect(), events);
        DaemonCore core = new DaemonCore(c, watcher, events, Clock.systemUTC(),
                o.mount() ? null : "The drive is not mounted: this daemon was started with --no-mount.");
        VolumeHandle volume = null;
        ControlServer server = null;
        try {
            watcher.start();
            if (o.paused()) {
                core.pause();
            }
            if (o.mount()) {
                volume = openVolume(o);
                core.attach(volume);
                events.info("Drive mounted at " + volume.mountPoint() + ".");
            }
            server = ControlServer.start(core, o.endpointFile(), String.valueOf(o.configFile()));
            events.info("QSFS started" + (o.mount() ? "." : " without a drive (monitoring the backends)."));
        } catch (IOException | MountUnavailableException | RuntimeException e) {
            closeQuietly(volume);
            watcher.close();
            throw e;
        }
        Daemon d = new Daemon(watcher, core, server, volume);
        core.onShutdown(d::close);
        if (volume instanceof MountedDrive drive) {
            Thread t = new Thread(() -> {
                try {
                    drive.awaitUnmounted(); // someone ran umount: the daemon has nothing left to serve
                    d.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "qsfs-await-unmount");
            t.setDaemon(true);
            t.start();
        }
        return d;
    }

    /** Opens the engine and the volume and mounts it. */
    private static VolumeHandle openVolume(DaemonOptions o) throws IOException, MountUnavailableException {
        if (o.key() == null) {
            throw new IllegalArgumentException("mounting needs the unlocked key");
        }
        try {
            return MountedDrive.open(o.config(), o.key(), o.mountPoint(), o.bandwidthLimit());
        } catch (IOException | MountUnavailableException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot mount the drive at " + o.mountPoint() + ": " + e.getMessage(), e);
        }
    }

    static List<WatchedBackend> watched(QsfsConfig c) {
        List<WatchedBackend> out = new ArrayList<>();
        for (BackendGroup g : c.groups()) {
            for (BackendConfig b : g.backends()) {
                out.add(new WatchedBackend("data", g.name(), b));
            }
        }
        for (BackendConfig b : c.metadata().backends()) {
            out.add(new WatchedBackend("meta", "metadata", b));
        }
        return out;
    }

    public DaemonCore core() {
        return core;
    }

    public ControlEndpoint endpoint() {
        return server.endpoint();
    }

    /** Blocks until the daemon is closed (POST /v1/shutdown, a signal, or {@link #close}). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Unmounts, stops serving, removes the endpoint file. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            closeQuietly(volume);
            server.close();
            watcher.close();
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
