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
import org.qsfs.mount.MountBusyException;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live FUSE mount: the libfuse loop on its own thread, unmount (plain, refused while
 * busy; or forced), a shutdown hook for SIGTERM/SIGINT, and the cleanup after the loop
 * ends (handles left open by a forced unmount released, then the owner's resource closed).
 */
final class FuseMount implements MountedVolume {
    private static final Logger log = LoggerFactory.getLogger(FuseMount.class);
    private static final long LOOP_EXIT_WAIT_MS = 15_000;

    private final Path mountPoint;
    private final QsfsFuseFs fuse;
    private final AutoCloseable closeAfterUnmount;
    private final boolean linux;
    private final CompletableFuture<Integer> loop = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile String connection;
    private UnmountOnShutdown shutdownHook;

    FuseMount(Path mountPoint, QsfsFuseFs fuse, AutoCloseable closeAfterUnmount, boolean linux) {
        this.mountPoint = mountPoint;
        this.fuse = fuse;
        this.closeAfterUnmount = closeAfterUnmount;
        this.linux = linux;
    }

    /** Starts the libfuse loop and returns once the kernel shows the mount. */
    void start(String[] options, boolean debug) throws MountException {
        Thread t = new Thread(() -> {
            try {
                if (Boolean.getBoolean("qsfs.fuse.libfuseLoop")) {
                    fuse.mount(mountPoint, true, debug, options); // libfuse's own multithreaded loop
                } else {
                    FuseLoop.run(fuse, mountPoint, debug, options, FuseLoop.threads());
                }
                loop.complete(0);
            } catch (Throwable e) {
                loop.completeExceptionally(e);
            } finally {
                cleanUp();
            }
        }, "qsfs-fuse " + mountPoint);
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (loop.isDone()) {
                throw new MountException("FUSE refused to mount at " + mountPoint + ": " + loopFailure()
                        + " (libfuse printed the reason on stderr; mount with debug on for details)");
            }
            Optional<MountTable.Entry> e = mounted();
            if (e.isPresent()) {
                connection = e.get().connection();
                break;
            }
            sleep(10);
        }
        if (connection == null && linux) {
            forceQuietly();
            throw new MountException("the FUSE mount at " + mountPoint + " did not appear within 30 s;"
                    + " check that /dev/fuse is usable and dmesg for FUSE errors");
        }
        shutdownHook = UnmountOnShutdown.install(this, "qsfs-fuse-unmount " + mountPoint);
        log.info("mounted at {}", mountPoint);
    }

    private Optional<MountTable.Entry> mounted() {
        if (!linux) {
            // no mount table to read: trust libfuse once its loop has been up for a moment
            return Optional.of(new MountTable.Entry(mountPoint.toString(), "fuse", "qsfs", "0:0"));
        }
        try {
            return MountTable.at(mountPoint).filter(MountTable.Entry::isFuse);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String loopFailure() {
        try {
            return "libfuse's loop ended with " + loop.get();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public Path mountPoint() {
        return mountPoint;
    }

    @Override
    public String serviceName() {
        return FuseMountService.NAME;
    }

    @Override
    public boolean isMounted() {
        return !loop.isDone() && mounted().isPresent();
    }

    @Override
    public synchronized void unmount(boolean force) throws MountException {
        if (cleanedUp.get() && finished.getCount() == 0) {
            return;
        }
        if (mounted().isPresent() && !loop.isDone()) {
            if (force) {
                Unmounter.force(mountPoint, connection);
            } else {
                plainUnmount();
            }
        }
        awaitLoopEnd(force);
        cleanUp();
        try {
            finished.await(); // the loop thread may still be closing the volume
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
        if (r.ok()) {
            return;
        }
        if (!mounted().isPresent()) {
            return; // someone else unmounted it meanwhile
        }
        List<String> holders = MountHolders.of(mountPoint);
        String out = r.output().toLowerCase();
        if (!holders.isEmpty() || out.contains("busy")) {
            throw new MountBusyException("cannot unmount " + mountPoint + ": the drive is in use"
                    + (holders.isEmpty() ? "" : " by " + String.join("; ", holders))
                    + ". Close those files or leave that directory and retry, or unmount with force"
                    + " (programs with files open there then get I/O errors).", holders);
        }
        throw new MountException("unmounting " + mountPoint + " failed: " + r.output());
    }

    private void awaitLoopEnd(boolean force) throws MountException {
        try {
            loop.get(LOOP_EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!force) {
                log.warn("libfuse's loop for {} still runs {} ms after unmount; aborting the connection",
                        mountPoint, LOOP_EXIT_WAIT_MS);
            }
            forceQuietly();
            try {
                loop.get(LOOP_EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e2) {
                throw new MountException("the FUSE loop for " + mountPoint + " did not stop after unmount;"
                        + " the volume was not closed: restart the process to release it");
            } catch (ExecutionException | InterruptedException e2) {
                // it ended
            }
        } catch (ExecutionException e) {
            // ended with an error: already logged by libfuse
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException("interrupted while waiting for " + mountPoint + " to unmount", e);
        }
    }

    private void forceQuietly() {
        try {
            Unmounter.force(mountPoint, connection);
        } catch (MountException e) {
            log.warn("forced unmount of {}: {}", mountPoint, e.getMessage());
        }
    }

    /** After libfuse's loop ends: release what a forced unmount left open, then close the owner's resource. */
    private void cleanUp() {
        if (!loop.isDone() || !cleanedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            fuse.markUnmounted();
            int open = fuse.openHandleCount();
            if (open > 0) {
                log.info("releasing {} file handle(s) still open on {}", open, mountPoint);
                fuse.releaseAll();
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

    @Override
    public void awaitUnmounted() throws InterruptedException {
        finished.await();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FuseMount[" + mountPoint + "]";
    }
}
