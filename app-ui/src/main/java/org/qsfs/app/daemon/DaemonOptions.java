package org.qsfs.app.daemon;

import java.nio.file.Path;
import java.time.Duration;
import org.qsfs.engine.config.QsfsConfig;

/**
 * How to run a daemon.
 *
 * @param config the volume configuration
 * @param configFile where it was read from (recorded in the endpoint file)
 * @param endpointFile where to write the control endpoint (port and token)
 * @param mount mount the drive (false: monitor-only, control API and metrics without a drive)
 * @param mountPoint where to mount it
 * @param checkInterval how often every backend is checked
 */
public record DaemonOptions(QsfsConfig config, Path configFile, Path endpointFile, boolean mount, Path mountPoint,
                            Duration checkInterval) {
    public DaemonOptions withCheckInterval(Duration d) {
        return new DaemonOptions(config, configFile, endpointFile, mount, mountPoint, d);
    }
}
