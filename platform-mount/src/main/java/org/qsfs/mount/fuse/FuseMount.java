package org.qsfs.mount.fuse;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live FUSE mount: the libfuse loop on its own thread; unmount, the shutdown hook and
 * the cleanup after the loop ends are the {@link MountTeardown} both FUSE services share.
 */
final class FuseMount implements MountedVolume {
    private static final Logger log = LoggerFactory.getLogger(FuseMount.class);

    private final Path mountPoint;
    private final QsfsFuseFs fuse;
    private final boolean linux;
    private final CompletableFuture<Integer> loop = new CompletableFuture<>();
    private final MountTeardown teardown;

    FuseMount(Path mountPoint, QsfsFuseFs fuse, AutoCloseable closeAfterUnmount, boolean linux) {
        this.mountPoint = mountPoint;
        this.fuse = fuse;
        this.linux = linux;
        // fuse.markUnmounted(): jnr-fuse's own shutdown hook then leaves the path alone
        this.teardown = new MountTeardown(mountPoint, "the FUSE loop", loop, this::mounted, fuse::markUnmounted,
                fuse.openHandles(), closeAfterUnmount);
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
                teardown.cleanUp();
            }
        }, "qsfs-fuse " + mountPoint);
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String connection = null;
        while (System.nanoTime() < deadline) {
            if (loop.isDone()) {
                throw new MountException("FUSE refused to mount at " + mountPoint + ": " + loopFailure()
                        + " (libfuse printed the reason on stderr; mount with debug on for details)");
            }
            Optional<MountTable.Entry> e = mounted();
            if (e.isPresent()) {
                connection = e.get().connection();
                teardown.connection(connection);
                break;
            }
            sleep(10);
        }
        if (connection == null && linux) {
            teardown.forceQuietly();
            throw new MountException("the FUSE mount at " + mountPoint + " did not appear within 30 s;"
                    + " check that /dev/fuse is usable and dmesg for FUSE errors");
        }
        teardown.installShutdownHook(this, "qsfs-fuse-unmount " + mountPoint);
        log.info("mounted at {}", mountPoint);
    }

    private Optional<MountTable.Entry> mounted() {
        if (!linux) {
            // no mount table to read: trust libfuse once its loop has been up for a moment
            return Optional.of(new MountTable.Entry(mountPoint.toString(), "fuse", "qsfs", "0:0"));
        }
        return MountTable.fuseAt(mountPoint);
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
    public void unmount(boolean force) throws MountException {
        teardown.unmount(force);
    }

    @Override
    public void awaitUnmounted() throws InterruptedException {
        teardown.awaitUnmounted();
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
