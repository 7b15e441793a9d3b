package org.qsfs.mount.fuse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.qsfs.mount.MountBusyException;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a live FUSE mount of either service comes down: unmount (plain, refused while busy; or
 * forced), wait until its serving side has ended, then clean up once (stop serving, release
 * the handles a forced unmount left open, close the owner's resource); and the shutdown hook
 * that does this on SIGTERM/SIGINT. The mount supplies only what differs between services.
 */
public final class MountTeardown {
    private static final Logger log = LoggerFactory.getLogger(MountTeardown.class);
    private static final long END_WAIT_MS = 15_000;

    private final Path mountPoint;
    private final String server;
    private final CompletableFuture<?> ended;
    private final Supplier<Optional<MountTable.Entry>> mounted;
    private final Runnable stopServing;
    private final OpenHandles handles;
    private final AutoCloseable closeAfterUnmount;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile String connection;
    private UnmountOnShutdown shutdownHook;

    /**
     * @param server      what serves the mount, for messages ("the FUSE loop")
     * @param ended       completes when the serving side has stopped
     * @param mounted     the mount's entry in the mount table, if the kernel still shows it
     * @param stopServing the service's own cleanup once serving has ended, before the handles are released
     */
    public MountTeardown(Path mountPoint, String server, CompletableFuture<?> ended,
                         Supplier<Optional<MountTable.Entry>> mounted, Runnable stopServing,
                         OpenHandles handles, AutoCloseable closeAfterUnmount) {
        this.mountPoint = mountPoint;
        this.server = server;
        this.ended = ended;
        this.mounted = mounted;
        this.stopServing = stopServing;
        this.handles = handles;
        this.closeAfterUnmount = closeAfterUnmount;
    }

    /** The kernel's connection number of the mount (for a forced unmount through fusectl); null if unknown. */
    public void connection(String connection) {
        this.connection = connection;
    }

    public String connection() {
        return connection;
    }

    /** Unmounts {@code mount} when the JVM ends, until {@link #unmount} has done so. */
    public void installShutdownHook(MountedVolume mount, String threadName) {
        shutdownHook = UnmountOnShutdown.install(mount, threadName);
    }

    /** See {@link MountedVolume#unmount(boolean)}: returns once the volume is closed. */
    public synchronized void unmount(boolean force) throws MountException {
        if (cleanedUp.get() && finished.getCount() == 0) {
            return;
        }
        if (mounted.get().isPresent() && !ended.isDone()) {
            if (force) {
                Unmounter.force(mountPoint, connection);
            } else {
                plainUnmount();
            }
        }
        awaitEnd(force);
        cleanUp();
        try {
            finished.await(); // the serving thread may still be closing the volume
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while " + mountPoint + " was closing", e);
        }
        removeShutdownHook();
    }

    private void plainUnmount() throws MountException {
        Commands.Result r;
        try {
            r = Unmounter.plain(mountPoint);
        } catch (IOException e) {
            throw new MountException("cannot run umount for " + mountPoint + ": " + e.getMessage(), e);
        }
        if (r.ok() || mounted.get().isEmpty()) {
            return; // unmounted, by us or by someone else meanwhile
        }
        List<String> holders = MountHolders.of(mountPoint);
        if (!holders.isEmpty() || r.output().toLowerCase().contains("busy")) {
            throw new MountBusyException("cannot unmount " + mountPoint + ": the drive is in use"
                    + (holders.isEmpty() ? "" : " by " + String.join("; ", holders))
                    + ". Close those files or leave that directory and retry, or unmount with force"
                    + " (programs with files open there then get I/O errors).", holders);
        }
        throw new MountException("unmounting " + mountPoint + " failed: " + r.output());
    }

    private void awaitEnd(boolean force) throws MountException {
        try {
            ended.get(END_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!force) {
                log.warn("{} for {} still runs {} ms after unmount; aborting the connection",
                        server, mountPoint, END_WAIT_MS);
            }
            forceQuietly();
            try {
                ended.get(END_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e2) {
                throw new MountException(server + " for " + mountPoint + " did not stop after unmount;"
                        + " the volume was not closed: restart the process to release it");
            } catch (ExecutionException | InterruptedException e2) {
                // it ended
            }
        } catch (ExecutionException e) {
            // it ended with an error, already logged where it happened
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while waiting for " + mountPoint + " to unmount", e);
        }
    }

    /** Aborts the mount; a failure is only logged (used where a mount attempt is given up). */
    public void forceQuietly() {
        try {
            Unmounter.force(mountPoint, connection);
        } catch (MountException e) {
            log.warn("forced unmount of {}: {}", mountPoint, e.getMessage());
        }
    }

    /** Once serving has ended (a no-op before, and after the first time): the cleanup, then {@link #awaitUnmounted} returns. */
    public void cleanUp() {
        if (!ended.isDone() || !cleanedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            stopServing.run();
            int open = handles.count();
            if (open > 0) {
                log.info("releasing {} file handle(s) still open on {}", open, mountPoint);
                handles.releaseAll();
            }
            UnmountOnShutdown.closeAfterUnmount(closeAfterUnmount, mountPoint);
            log.info("unmounted {}", mountPoint);
        } finally {
            finished.countDown();
        }
    }

    private void removeShutdownHook() {
        UnmountOnShutdown h = shutdownHook;
        if (h != null) {
            h.remove();
        }
    }

    public void awaitUnmounted() throws InterruptedException {
        finished.await();
    }
}
