package org.qsfs.app.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.qsfs.engine.config.Sizes;
import org.qsfs.engine.repair.RepairService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the drive again when its volume stopped working (its database lost a commit, most
 * often to a full disk where the cache lives) as soon as that disk has room again: the user
 * frees space and the drive comes back by itself, with everything committed before it stopped,
 * instead of having to unmount it and start QSFS again. Looks every interval, on its own thread.
 */
final class DriveRecovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DriveRecovery.class);
    /** Free space the cache's disk needs before the drive is mounted again. */
    static final long MIN_FREE = 64L << 20;
    /** A drive that stops again within this long after being mounted again doubles the wait. */
    private static final Duration RELAPSE = Duration.ofMinutes(1);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /** Opens the volume and mounts it again, as the daemon did at its start. */
    interface Opener {
        MountedDrive open() throws Exception;
    }

    private final DaemonCore core;
    private final EventLog events;
    private final RepairService repair;
    private final Path cacheDir;
    private final Opener opener;
    private final Consumer<MountedDrive> remounted;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qsfs-drive-recovery");
        t.setDaemon(true);
        return t;
    });
    /** The stopped drive is unmounted and a new mount has not worked yet. */
    private boolean unmounted;
    /** The failure already told in the events (once per failure). */
    private String announced;
    /**
     * When the drive was last mounted again (at first: long enough ago to count no relapse), and
     * how many times in a row it stopped soon after.
     */
    private long lastRemountNanos = System.nanoTime() - RELAPSE.toNanos();
    private int quickRelapses;
    /** No attempt before this (System.nanoTime): a drive that stops again at once is retried less often. */
    private long notBeforeNanos = Long.MIN_VALUE;

    /**
     * @param repair the repair service whose sources follow the drive; null without one
     * @param remounted told of each drive mounted again (the daemon watches it for an unmount)
     */
    DriveRecovery(DaemonCore core, EventLog events, RepairService repair, Path cacheDir, Opener opener,
            Consumer<MountedDrive> remounted, Duration interval) {
        this.core = core;
        this.events = events;
        this.repair = repair;
        this.cacheDir = cacheDir;
        this.opener = opener;
        this.remounted = remounted;
        this.interval = interval;
    }

    void start() {
        long ms = Math.max(100, interval.toMillis());
        timer.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("checking whether the drive must be mounted again failed", e);
        }
    }

    /** One look: unmounts a stopped drive and mounts it again once there is room. */
    synchronized void check() {
        MountedDrive stopped = unmounted ? null : stoppedDrive();
        if (!unmounted && stopped == null) {
            announced = null;
            return;
        }
        long free = freeBytes();
        if (stopped != null) {
            announce(stopped.failure(), free);
        }
        if (free < MIN_FREE || System.nanoTime() < notBeforeNanos) {
            return;
        }
        if (stopped != null) {
            unmount(stopped);
        }
        remount();
    }

    /** The mounted drive when its volume has stopped working, else null. */
    private MountedDrive stoppedDrive() {
        return core.volume() instanceof MountedDrive drive && drive.failure() != null ? drive : null;
    }

    /** Tells a new failure in the events, once, and starts its wait (longer after a quick relapse). */
    private void announce(String why, long free) {
        if (why.equals(announced)) {
            return;
        }
        announced = why;
        long now = System.nanoTime();
        quickRelapses = now - lastRemountNanos < RELAPSE.toNanos() ? quickRelapses + 1 : 0;
        notBeforeNanos = now + backoff().toNanos();
        events.error("The drive stopped working: " + why + (why.endsWith(".") ? "" : ".")
                + " QSFS mounts it again by itself once " + cacheDir + " has " + Sizes.human(MIN_FREE)
                + " free (" + Sizes.human(free) + " now).");
    }

    private void unmount(MountedDrive drive) {
        if (repair != null) {
            repair.removeSource(drive.blockRefs().name()); // before its database closes
        }
        core.detach("The drive stopped working and is being mounted again.");
        unmounted = true;
        try {
            drive.close();
        } catch (Exception e) {
            log.warn("unmounting the stopped drive: {}", e.toString());
        }
    }

    private void remount() {
        MountedDrive fresh;
        try {
            fresh = opener.open();
        } catch (Exception e) {
            log.warn("mounting the drive again failed", e);
            quickRelapses++;
            Duration wait = backoff();
            notBeforeNanos = System.nanoTime() + wait.toNanos();
            core.detach("Mounting the drive again failed (" + e.getMessage() + "); QSFS tries again in "
                    + wait.toSeconds() + " s.");
            return;
        }
        unmounted = false;
        announced = null;
        lastRemountNanos = System.nanoTime();
        if (repair != null) {
            repair.addSource(fresh.blockRefs());
        }
        core.attach(fresh);
        remounted.accept(fresh);
        events.info("The drive is mounted again at " + fresh.mountPoint() + ". Everything written before it"
                + " stopped is there, except changes of its last seconds that were not fsync'ed.");
    }

    /** The interval, doubled for each quick relapse in a row, at most {@link #MAX_WAIT}. */
    private Duration backoff() {
        Duration d = interval.multipliedBy(1L << Math.min(quickRelapses, 16));
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    private long freeBytes() {
        try {
            return Files.getFileStore(cacheDir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
