package org.qsfs.app.daemon;

import org.qsfs.app.control.QueueDto;

/**
 * What a mounted volume tells the daemon: its size, upload queue and cache, and the pause
 * switch. Implemented on top of the engine's volume and the platform mount
 * ({@code org.qsfs.engine.fs}, {@code platform-mount}); the daemon runs without one in
 * monitor-only mode ({@code qsfs mount --no-mount}).
 */
public interface VolumeHandle extends AutoCloseable {
    /** Where the drive is mounted. */
    String mountPoint();

    /** How the OS hands the drive its requests ("io_uring", "/dev/fuse"), or null when unknown. */
    default String transport() {
        return null;
    }

    /** A setting of this machine that would make the drive faster, in words a user can act on; or null. */
    default String speedHint() {
        return null;
    }

    /** Bytes of files in the volume. */
    long logicalBytes();

    QueueDto queue();

    void setPaused(boolean paused);

    long cacheHits();

    long cacheMisses();

    /**
     * The contents kept for {@code path} (an absolute path in the drive), oldest first, the
     * current one last; empty when nothing was ever there.
     */
    java.util.List<org.qsfs.app.control.VersionDto> versions(String path) throws Exception;

    /** Makes version {@code id} ({@code INODE:VERSION}) the content of {@code path} again; the content it replaces is kept. */
    void restoreVersion(String path, String id) throws Exception;

    /** Why the volume stopped working and must be mounted again, or null while it works. */
    default String failure() {
        return null;
    }

    /** Unmounts and closes the volume; waits for open writes to land in the cache. */
    @Override
    void close() throws Exception;
}
