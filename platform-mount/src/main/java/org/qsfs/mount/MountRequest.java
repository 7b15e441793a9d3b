package org.qsfs.mount;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.qsfs.engine.fs.VersionOps;

/**
 * What to mount where and how. Build with {@code MountRequest.at("/mnt/qsfs").volumeName("QSFS")...}.
 *
 * @param mountPoint a directory path, or a drive letter such as "Q:" on Windows
 * @param volumeName the name the file manager shows
 * @param readOnly mount read-only
 * @param attrTimeout how long the OS may cache attributes (FUSE {@code attr_timeout})
 * @param entryTimeout how long the OS may cache name lookups (FUSE {@code entry_timeout})
 * @param allowOther let other users than the mounting one use the drive (they are still subject to permissions)
 * @param debug log every callback (FUSE {@code -d})
 * @param clearStaleMount unmount a dead mount left at the mount point by a crashed run before mounting
 * @param extraOptions more OS-specific options, passed through ("-o" values for FUSE)
 * @param closeAfterUnmount closed after the drive is unmounted (by close, shutdown hook or force); may be null
 * @param snapshots the volume's kept versions, shown read-only under {@code /.snapshots/}; null: no {@code .snapshots}
 */
public record MountRequest(String mountPoint, String volumeName, boolean readOnly, Duration attrTimeout,
                           Duration entryTimeout, boolean allowOther, boolean debug, boolean clearStaleMount,
                           List<String> extraOptions, AutoCloseable closeAfterUnmount,
                           VersionOps snapshots) {

    public MountRequest {
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(volumeName, "volumeName");
        Objects.requireNonNull(attrTimeout, "attrTimeout");
        Objects.requireNonNull(entryTimeout, "entryTimeout");
        extraOptions = List.copyOf(extraOptions);
        if (attrTimeout.isNegative() || entryTimeout.isNegative()) {
            throw new IllegalArgumentException("cache timeouts must be zero or positive");
        }
    }

    /**
     * How long the OS may keep names and attributes by default. The mount is the volume's only
     * writer and the kernel drops what it cached itself on every change made through it, so it
     * may keep them long (as virtiofs's cache=always does): with 1 s, `sha256sum` or `rm -rf`
     * of a tree listed more than a second before asked the engine for every name again.
     */
    public static final Duration DEFAULT_CACHE_TIME = Duration.ofSeconds(60);

    /** Defaults: volume "QSFS", read-write, {@link #DEFAULT_CACHE_TIME} attribute and entry caching, other users allowed, stale mounts cleared. */
    public static MountRequest at(String mountPoint) {
        return new MountRequest(mountPoint, "QSFS", false, DEFAULT_CACHE_TIME, DEFAULT_CACHE_TIME, true, false,
                true, List.of(), null, null);
    }

    public MountRequest volumeName(String name) {
        return new MountRequest(mountPoint, name, readOnly, attrTimeout, entryTimeout, allowOther, debug,
                clearStaleMount, extraOptions, closeAfterUnmount, snapshots);
    }

    public MountRequest readOnly(boolean ro) {
        return new MountRequest(mountPoint, volumeName, ro, attrTimeout, entryTimeout, allowOther, debug,
                clearStaleMount, extraOptions, closeAfterUnmount, snapshots);
    }

    public MountRequest cacheTimeouts(Duration attr, Duration entry) {
        return new MountRequest(mountPoint, volumeName, readOnly, attr, entry, allowOther, debug, clearStaleMount,
                extraOptions, closeAfterUnmount, snapshots);
    }

    /** This request with both cache times cut to {@code max} at most (where a service cannot keep them long). */
    public MountRequest cacheTimesAtMost(Duration max) {
        return cacheTimeouts(attrTimeout.compareTo(max) > 0 ? max : attrTimeout,
                entryTimeout.compareTo(max) > 0 ? max : entryTimeout);
    }

    public MountRequest allowOther(boolean allow) {
        return new MountRequest(mountPoint, volumeName, readOnly, attrTimeout, entryTimeout, allow, debug,
                clearStaleMount, extraOptions, closeAfterUnmount, snapshots);
    }

    public MountRequest debug(boolean d) {
        return new MountRequest(mountPoint, volumeName, readOnly, attrTimeout, entryTimeout, allowOther, d,
                clearStaleMount, extraOptions, closeAfterUnmount, snapshots);
    }

    public MountRequest clearStaleMount(boolean clear) {
        return new MountRequest(mountPoint, volumeName, readOnly, attrTimeout, entryTimeout, allowOther, debug,
                clear, extraOptions, closeAfterUnmount, snapshots);
    }

    public MountRequest extraOptions(List<String> options) {
        return new MountRequest(mountPoint, volumeName, readOnly, attrTimeout, entryTimeout, allowOther, debug,
                clearStaleMount, options, closeAfterUnmount, snapshots);
    }

    public MountRequest closeAfterUnmount(AutoCloseable resource) {
        return new MountRequest(mountPoint, volumeName, readOnly, attrTimeout, entryTimeout, allowOther, debug,
                clearStaleMount, extraOptions, resource, snapshots);
    }

    /** Shows the volume's kept versions read-only under {@code /.snapshots/<time>/} (FUSE). */
    public MountRequest snapshots(VersionOps versions) {
        return new MountRequest(mountPoint, volumeName, readOnly, attrTimeout, entryTimeout, allowOther, debug,
                clearStaleMount, extraOptions, closeAfterUnmount, versions);
    }
}
