package org.qsfs.app.cli;

import org.qsfs.app.daemon.MountedDrive;
import org.qsfs.engine.fs.FsVolume;
import org.qsfs.engine.repair.BlockRefSource;
import org.qsfs.engine.repair.ScrubOptions;

/**
 * The drive's volume opened without a mount, for {@code qsfs scrub} and {@code qsfs rebuild}
 * when no daemon runs: its blocks and snapshot are then checked and repaired like the stored
 * objects. Opening it also resumes its pending uploads, as the daemon would.
 */
final class DriveVolume implements AutoCloseable {
    private final FsVolume volume;

    private DriveVolume(FsVolume volume) {
        this.volume = volume;
    }

    /** The drive's volume when this configuration has one and the whole store is repaired; else null. */
    static DriveVolume openIfPresent(Volume v, ScrubOptions options) throws java.io.IOException {
        if (options.pathPrefix() != null || !MountedDrive.volumeExists(v.config)) {
            return null;
        }
        return new DriveVolume(FsVolume.open(MountedDrive.volumeOptions(v.config, 0), v.engine));
    }

    BlockRefSource refs() {
        return volume.blockRefs();
    }

    @Override
    public void close() {
        volume.close();
    }
}
