package org.qsfs.mount.fusekernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.qsfs.mount.MountBusyException;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountedVolume;
import org.qsfs.mount.fuse.Commands;
import org.qsfs.mount.fuse.MountHolders;
import org.qsfs.mount.fuse.MountTable;
import org.qsfs.mount.fuse.UnmountOnShutdown;
import org.qsfs.mount.fuse.Unmounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live mount served by a {@link KernelSession}: unmount (plain, refused while busy; or
 * forced, which aborts the connection), a shutdown hook for SIGTERM/SIGINT, and the cleanup
 * once the workers stop (handles a forced unmount left open released, /dev/fuse closed, the
 * owner's resource closed). The same lifecycle as the jnr-fuse service's mounts.
 */
final class KernelMount implements MountedVolume {
    private static final Logger log = LoggerFactory.getLogger(KernelMount.class);
    private static final long END_WAIT_MS = 15_000;

    private final Path mountPoint;
    private final FuseChannel channel;
    private final KernelSession session;
    private final MountContext context;
    private final AutoCloseable closeAfterUnmount;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile String connection;
    private UnmountOnShutdown shutdownHook;

    KernelMount(Path mountPoint, FuseChannel channel, KernelSession session, MountContext context,
                AutoCloseable closeAfterUnmount) {
        this.mountPoint = mountPoint;
        this.channel = channel;
        this.session = session;
        this.context = context;
        this.closeAfterUnmount = closeAfterUnmount;
    }

    /** Starts the workers and returns once the kernel's INIT is answered and the mount table shows the mount. */
    void start(int threads) throws MountException {
        session.ended().whenComplete((v, e) -> cleanUp());
        session.start(threads, mountPoint.toString());
        try {
            if (!session.initialized().await(30, TimeUnit.SECONDS) || session.agreed() == null) {
                forceQuietly();
                throw new MountException("the kernel did not start the FUSE session at " + mountPoint
                        + " within 30 s; check dmesg for FUSE errors");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forceQuietly();
            throw new MountException("interrupted while mounting " + mountPoint, e);
        }
        mounted().ifPresent(e -> connection = e.connection());
        raiseReadahead();
        shutdownHook = UnmountOnShutdown.install(this, "qsfs-fuse-direct-unmount " + mountPoint);
        log.info("mounted at {} (fuse-direct, {} threads)", mountPoint, threads);
    }

    /**
     * The kernel caps read-ahead at its default (128 KiB) whatever INIT says; the mount's
     * backing device in sysfs takes more (root only): 1 MiB reads, one engine block each.
     */
    private void raiseReadahead() {
        int kb = Integer.getInteger("qsfs.fuse.maxReadahead", 1 << 20) / 1024;
        if (connection == null || kb <= 0) {
            return;
        }
        Path ra = Path.of("/sys/class/bdi/0:" + connection + "/read_ahead_kb");
        try {
            if (Files.isWritable(ra)) {
                Files.writeString(ra, Integer.toString(kb));
            }
        } catch (IOException e) {
            log.debug("could not set {}: {}", ra, e.toString());
        }
    }

    private Optional<MountTable.Entry> mounted() {
        try {
            return MountTable.at(mountPoint).filter(MountTable.Entry::isFuse);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Path mountPoint() {
        return mountPoint;
    }

    @Override
    public String serviceName() {
        return FuseKernelMountService.NAME;
    }

    @Override
    public boolean isMounted() {
        return !session.ended().isDone() && mounted().isPresent();
    }

    @Override
    public synchronized void unmount(boolean force) throws MountException {
        if (cleanedUp.get() && finished.getCount() == 0) {
            return;
        }
        if (mounted().isPresent() && !session.ended().isDone()) {
            if (force) {
                Unmounter.force(mountPoint, connection);
            } else {
                plainUnmount();
            }
        }
        awaitEnd(force);
        cleanUp();
        try {
            finished.await();
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
        if (r.ok() || mounted().isEmpty()) {
            return;
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
            session.ended().get(END_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (!force) {
                log.warn("the FUSE session for {} still runs {} ms after unmount; aborting the connection",
                        mountPoint, END_WAIT_MS);
            }
            forceQuietly();
            try {
                session.ended().get(END_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e2) {
                throw new MountException("the FUSE session for " + mountPoint + " did not stop after unmount;"
                        + " the volume was not closed: restart the process to release it");
            } catch (ExecutionException | InterruptedException e2) {
                // it ended
            }
        } catch (ExecutionException e) {
            // ended
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

    /** After the workers stop: release what a forced unmount left open, close /dev/fuse, then the owner's resource. */
    private void cleanUp() {
        if (!session.ended().isDone() || !cleanedUp.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
            int open = context.openHandleCount();
            if (open > 0) {
                log.info("releasing {} file handle(s) still open on {}", open, mountPoint);
                context.releaseAll();
            }
            log.debug("requests served on {}: {}", mountPoint, session.counts());
            log.debug("time serving them on {}: {}", mountPoint, session.times());
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

    /** Requests served per opcode so far. */
    String requestCounts() {
        return session.counts();
    }

    @Override
    public String toString() {
        return "KernelMount[" + mountPoint + "]";
    }
}
