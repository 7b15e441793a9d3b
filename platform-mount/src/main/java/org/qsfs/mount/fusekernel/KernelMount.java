package org.qsfs.mount.fusekernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountedVolume;
import org.qsfs.mount.fuse.MountTable;
import org.qsfs.mount.fuse.MountTeardown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live mount served by a {@link KernelSession}; unmount, the shutdown hook and the
 * cleanup once the workers stop (/dev/fuse closed first) are the {@link MountTeardown}
 * shared with the jnr-fuse service's mounts.
 */
final class KernelMount implements MountedVolume {
    private static final Logger log = LoggerFactory.getLogger(KernelMount.class);

    private final Path mountPoint;
    private final FuseChannel channel;
    private final KernelSession session;
    private final MountTeardown teardown;

    KernelMount(Path mountPoint, FuseChannel channel, KernelSession session, MountContext context,
                AutoCloseable closeAfterUnmount) {
        this.mountPoint = mountPoint;
        this.channel = channel;
        this.session = session;
        this.teardown = new MountTeardown(mountPoint, "the FUSE session", session.ended(), this::mounted,
                this::closeChannel, context.handles, closeAfterUnmount);
    }

    /** Starts the workers and returns once the kernel's INIT is answered and the mount table shows the mount. */
    void start(int threads) throws MountException {
        session.ended().whenComplete((v, e) -> teardown.cleanUp());
        session.start(threads, mountPoint.toString());
        try {
            if (!session.initialized().await(30, TimeUnit.SECONDS) || session.agreed() == null) {
                teardown.forceQuietly();
                throw new MountException("the kernel did not start the FUSE session at " + mountPoint
                        + " within 30 s; check dmesg for FUSE errors");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            teardown.forceQuietly();
            throw new MountException("interrupted while mounting " + mountPoint, e);
        }
        mounted().ifPresent(e -> teardown.connection(e.connection()));
        raiseReadahead();
        teardown.installShutdownHook(this, "qsfs-fuse-direct-unmount " + mountPoint);
        log.info("mounted at {} (fuse-direct, {} threads)", mountPoint, threads);
    }

    /**
     * The kernel caps read-ahead at its default (128 KiB) whatever INIT says; the mount's
     * backing device in sysfs takes more (root only): several 1 MiB READs in flight.
     */
    private void raiseReadahead() {
        int kb = InitNegotiation.readahead() / 1024;
        String connection = teardown.connection();
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
        return MountTable.fuseAt(mountPoint);
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
    public String transport() {
        return session.transport();
    }

    @Override
    public String speedHint() {
        return session.speedHint();
    }

    @Override
    public void invalidate(long ino) {
        channel.invalidateInode(ino);
    }

    @Override
    public void invalidateEntry(long parent, byte[] name) {
        channel.invalidateEntry(parent, name);
    }

    @Override
    public boolean isMounted() {
        return !session.ended().isDone() && mounted().isPresent();
    }

    @Override
    public void unmount(boolean force) throws MountException {
        teardown.unmount(force);
    }

    @Override
    public void awaitUnmounted() throws InterruptedException {
        teardown.awaitUnmounted();
    }

    /** Once the workers have stopped: /dev/fuse closed, what they served logged. */
    private void closeChannel() {
        channel.close();
        log.debug("requests served on {}: {}", mountPoint, session.counts());
        log.debug("time serving them on {}: {}", mountPoint, session.times());
        log.debug("of them through io_uring: {}", session.servedByRing());
    }

    /** How many requests with this opcode were served so far. */
    long served(int opcode) {
        return session.served(opcode);
    }

    /** How many requests were answered through FUSE over io_uring (0: all through /dev/fuse). */
    long servedByRing() {
        return session.servedByRing();
    }

    @Override
    public String toString() {
        return "KernelMount[" + mountPoint + "]";
    }
}
