package org.qsfs.mount;

import java.nio.file.Path;

/** A live mount. Closing it unmounts it (refusing while files are open, see {@link #unmount(boolean)}). */
public interface MountedVolume extends AutoCloseable {

    /** Where the drive is visible: a directory, or "Q:\" on Windows. */
    Path mountPoint();

    /** The service that made this mount ("fuse", "dokany"). */
    String serviceName();

    /**
     * How the OS hands this drive its requests, in a word or two ("io_uring", "/dev/fuse");
     * the service name where there is nothing more to say.
     */
    default String transport() {
        return serviceName();
    }

    /**
     * A setting of this machine that would make the drive faster, in words a user can act on;
     * null when there is none.
     */
    default String speedHint() {
        return null;
    }

    /** True until unmounted (by us, by the user with umount, or by a forced abort). */
    boolean isMounted();

    /**
     * Unmounts. Without {@code force} a drive with open files or a working directory on it
     * is left mounted and {@link MountBusyException} names who uses it. With {@code force}
     * the drive goes away at once and I/O on files still open fails. Idempotent. Afterwards
     * the request's {@code closeAfterUnmount} resource is closed.
     */
    void unmount(boolean force) throws MountException;

    /**
     * Waits until the drive is unmounted (by {@link #unmount}, the shutdown hook, or the user
     * running umount); for a command that serves the drive until then.
     */
    void awaitUnmounted() throws InterruptedException;

    /**
     * Tells the kernel that the volume changed file {@code ino} behind its back (a version
     * restored): its cached attributes and pages are dropped, dirty pages written first. Does
     * nothing where the mount cannot say it; there the cache times bound what is seen.
     */
    default void invalidate(long ino) {
    }

    /**
     * Tells the kernel that name {@code name} in directory {@code parent} changed behind its back
     * (a deleted file restored): a cached entry, negative ones included, is dropped.
     */
    default void invalidateEntry(long parent, byte[] name) {
    }

    /** {@code unmount(false)}. */
    @Override
    default void close() throws MountException {
        unmount(false);
    }
}
