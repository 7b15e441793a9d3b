package org.qsfs.mount;

import java.util.Set;
import org.qsfs.engine.fs.FsOperations;

/**
 * One way of showing a volume as a drive on this computer (FUSE, Dokany, ...). Found with
 * {@link java.util.ServiceLoader}; {@link MountServices} picks the best one available here
 * or the one named in the settings.
 *
 * <p>An implementation translates the OS's callbacks to {@link FsOperations} and nothing
 * more: all filesystem semantics live in the engine.
 */
public interface MountService {

    /** A short stable name used in settings and on the command line: "fuse", "dokany". */
    String name();

    /** True when this implementation can mount on this machine right now (OS, driver, library present). */
    default boolean isAvailableHere() {
        return unavailableReason().isEmpty();
    }

    /** Why {@link #isAvailableHere()} is false, with what to install; empty when available. */
    String unavailableReason();

    /** Higher wins when several are available; ties are broken by name. */
    int priority();

    /** What mounts made by this service can do. */
    Set<MountCapability> capabilities();

    /**
     * Mounts {@code fs} at the request's mount point and returns once the drive is visible
     * (or throws). The returned handle unmounts on {@link MountedVolume#close()}, on
     * SIGTERM/SIGINT of this JVM, and then closes the request's {@code closeAfterUnmount}.
     *
     * @throws MountPointException the mount point is missing, not a directory, not empty or already a live mount
     * @throws MountUnavailableException this service cannot run here
     * @throws MountException the OS refused the mount for another reason
     */
    MountedVolume mount(FsOperations fs, MountRequest request) throws MountException;
}
