package org.qsfs.app.daemon;

import java.nio.file.Path;
import java.time.Duration;
import org.qsfs.engine.config.QsfsConfig;
import org.qsfs.engine.crypto.MasterKey;

/**
 * How to run a daemon.
 *
 * @param config the volume configuration
 * @param configFile where it was read from (recorded in the endpoint file)
 * @param endpointFile where to write the control endpoint (port and token)
 * @param mount mount the drive (false: monitor-only, control API and metrics without a drive)
 * @param mountPoint where to mount it
 * @param checkInterval how often every backend is checked
 * @param key the volume's unlocked master key (needed to mount; the daemon destroys it when it stops)
 * @param bandwidthLimit upload limit in bytes per second, 0 = none
 * @param paused start with uploads paused
 */
public record DaemonOptions(QsfsConfig config, Path configFile, Path endpointFile, boolean mount, Path mountPoint,
                            Duration checkInterval, MasterKey key, long bandwidthLimit, boolean paused) {
    /** Monitor-only or mount without a key yet (tests, --no-mount). */
    public DaemonOptions(QsfsConfig config, Path configFile, Path endpointFile, boolean mount, Path mountPoint,
            Duration checkInterval) {
        this(config, configFile, endpointFile, mount, mountPoint, checkInterval, null, 0, false);
    }

    public DaemonOptions withKey(MasterKey k) {
        return new DaemonOptions(config, configFile, endpointFile, mount, mountPoint, checkInterval, k,
                bandwidthLimit, paused);
    }
}
