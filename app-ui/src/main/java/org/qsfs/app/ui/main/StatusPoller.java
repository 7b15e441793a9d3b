package org.qsfs.app.ui.main;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.control.StatusDto;
import org.qsfs.app.ui.DaemonLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the daemon for its status on a schedule (off the FX thread) and shows it in a {@link DriveModel}. */
public final class StatusPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);

    private final DaemonLink link;
    private final DriveModel model;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qsfs-ui-poll");
        t.setDaemon(true);
        return t;
    });

    public StatusPoller(DaemonLink link, DriveModel model) {
        this.link = link;
        this.model = model;
    }

    public StatusPoller start(Duration every) {
        timer.scheduleWithFixedDelay(this::pollOnce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One poll now, on the calling thread; the model is updated on the FX thread. */
    public void pollOnce() {
        try {
            StatusDto s = link.status();
            Platform.runLater(() -> model.update(s));
        } catch (ControlException e) {
            log.debug("daemon status failed: {}", e.getMessage());
            String why = e.notRunning() ? "The QSFS daemon is not running. " + e.getMessage() : e.getMessage();
            Platform.runLater(() -> model.unreachable(why));
        } catch (RuntimeException e) {
            log.warn("status poll failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
