package org.qsfs.app.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import org.qsfs.app.control.QueueDto;
import org.qsfs.engine.cache.UploadProgress;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.fs.StatFs;
import org.qsfs.engine.fs.VersionOps;
import org.qsfs.engine.fs.VolumeOptions;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.mount.MountException;
import org.qsfs.mount.MountRequest;
import org.qsfs.mount.MountService;
import org.qsfs.mount.MountServices;
import org.qsfs.mount.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume opened on the engine and mounted as a drive: what the daemon serves. The daemon
 * opens the key and the engine (and runs repair on it); this opens the volume (SQLite and
 * cache under the configuration's cache dir) on that engine and mounts it. Unmounting closes
 * the volume (its upload queue persists what is pending); the engine and the key stay the
 * daemon's, closed after this.
 */
public final class MountedDrive implements VolumeHandle {
    private static final Logger log = LoggerFactory.getLogger(MountedDrive.class);

    private final MountedVolume mount;
    private final FsVolume volume;

    private MountedDrive(MountedVolume mount, FsVolume volume) {
        this.mount = mount;
        this.volume = volume;
    }

    /** How the drive's volume is opened from the configuration (its state lives in the cache dir). */
    public static VolumeOptions volumeOptions(QsfsConfig c, long bandwidthLimit) {
        VolumeOptions o = VolumeOptions.defaults(c.cache().dir())
                .withCache(c.cache().sizeBytes(), 0)
                .withUploads(2, java.time.Duration.ofSeconds(1), bandwidthLimit)
                .withDurableFsync(c.volume().durableFsync())
                .withRetention(c.volume().retention());
        if (Long.bitCount(c.blockSize()) == 1 && c.blockSize() <= (8 << 20)) {
            o = o.withBlockSize((int) c.blockSize());
        }
        return o;
    }

    /** Whether the drive's volume was ever opened with this configuration (its database exists). */
    public static boolean volumeExists(QsfsConfig c) {
        return Files.exists(c.cache().dir().resolve(VolumeOptions.DB_FILE));
    }

    /**
     * Opens the volume on {@code engine} and mounts it.
     *
     * @throws MountUnavailableException no mount service can run here (says what to install)
     */
    public static MountedDrive open(QsfsConfig c, StorageEngine engine, Path mountPoint, long bandwidthLimit)
            throws Exception {
        MountService service;
        try {
            service = MountServices.best();
        } catch (org.qsfs.mount.MountUnavailableException e) {
            throw new MountUnavailableException(e.getMessage());
        }
        FsVolume volume = null;
        try {
            volume = FsVolume.open(volumeOptions(c, bandwidthLimit), engine);
            Files.createDirectories(mountPoint);
            MountedVolume mounted = service.mount(volume.fs(), MountRequest.at(mountPoint.toString())
                    .allowOther(false).closeAfterUnmount(volume::close).snapshots(volume.versions()));
            log.info("volume mounted at {} with {}", mounted.mountPoint(), mounted.serviceName());
            return new MountedDrive(mounted, volume);
        } catch (Exception | Error e) {
            if (volume != null) {
                volume.close();
            }
            throw e;
        }
    }

    /** The volume's block references, for the repair service (scrub, rebuild and drain cover the drive). */
    public org.qsfs.engine.repair.BlockRefSource blockRefs() {
        return volume.blockRefs();
    }

    @Override
    public String mountPoint() {
        return mount.mountPoint().toString();
    }

    @Override
    public String transport() {
        return mount.transport();
    }

    @Override
    public String speedHint() {
        return mount.speedHint();
    }

    @Override
    public long logicalBytes() {
        try {
            StatFs s = volume.fs().statfs();
            return (s.totalBlocks() - s.freeBlocks()) * s.blockSize();
        } catch (FsException e) {
            return -1;
        }
    }

    @Override
    public QueueDto queue() {
        UploadProgress p = volume.uploads().progress();
        return new QueueDto(true, p.pendingBytes(), p.pendingBlocks(), p.bytesPerSecond(), p.etaSeconds(),
                p.degraded() ? p.lastError() : null);
    }

    @Override
    public java.util.List<org.qsfs.app.control.VersionDto> versions(String path) throws FsException {
        java.util.List<org.qsfs.app.control.VersionDto> out = new java.util.ArrayList<>();
        for (VersionOps.FileVersion v : volume.versions().history(Caller.ROOT, path)) {
            out.add(new org.qsfs.app.control.VersionDto(v.ino() + ":" + v.version(), v.kind(), v.size(),
                    v.mtimeNs() / 1_000_000, v.savedNs() / 1_000_000, v.current()));
        }
        return out;
    }

    @Override
    public void restoreVersion(String path, String id) throws FsException {
        String[] parts = id == null ? new String[0] : id.split(":");
        long ino;
        long ver;
        try {
            ino = Long.parseLong(parts[0]);
            ver = Long.parseLong(parts[1]);
        } catch (RuntimeException e) {
            throw new FsException(Errno.EINVAL, "a version id is INODE:VERSION as `qsfs versions` lists it, not " + id);
        }
        // the kernel caches the file's pages and attributes and the name's entry: pages written
        // but not yet sent come in before the restore (they belong to what it replaces); after
        // it, the name points to a new file (which the kernel has never seen) and the directory
        // changed, so their cached entry and attributes go
        var where = volume.paths().parent(Caller.ROOT, path);
        try {
            mount.invalidate(volume.fs().lookup(Caller.ROOT, where.dir(), where.name()).ino());
        } catch (FsException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
        volume.versions().restoreVersion(Caller.ROOT, path, ino, ver);
        mount.invalidateEntry(where.dir(), where.name());
        mount.invalidate(where.dir());
    }

    @Override
    public String failure() {
        var stopped = volume.stopped();
        return stopped == null ? null : stopped.getMessage();
    }

    @Override
    public void setPaused(boolean paused) {
        if (paused) {
            volume.uploads().pause();
        } else {
            volume.uploads().resume();
        }
    }

    @Override
    public long cacheHits() {
        return 0; // the block cache does not count hits yet
    }

    @Override
    public long cacheMisses() {
        return 0;
    }

    /** Blocks until the drive is unmounted by someone (umount, fusermount -u, shutdown hook). */
    public void awaitUnmounted() throws InterruptedException {
        mount.awaitUnmounted();
    }

    @Override
    public void close() throws MountException {
        if (mount.isMounted()) {
            try {
                mount.unmount(false);
            } catch (org.qsfs.mount.MountBusyException busy) {
                log.warn("the drive is busy ({}); forcing the unmount", busy.getMessage());
                mount.unmount(true);
            }
        }
    }
}
