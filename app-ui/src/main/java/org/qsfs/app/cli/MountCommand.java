package org.qsfs.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlException;
import org.qsfs.app.daemon.Daemon;
import org.qsfs.app.daemon.DaemonOptions;
import org.qsfs.app.daemon.MountSupport;
import org.qsfs.engine.config.QsfsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mount", description = {"Run the qsfs daemon in the foreground: mount the drive, keep the backends"
        + " checked, serve the local control API and Prometheus /metrics (docs/CONTROL-API.md).",
        "Stops (and unmounts) on Ctrl-C, SIGTERM, `qsfs unmount` or POST /v1/shutdown."})
final class MountCommand extends QsfsCommand {
    @Option(names = "--mount-point", paramLabel = "PATH", description = "where to mount (default ~/QSFS)")
    Path mountPoint;

    @Option(names = "--no-mount", description = "run the daemon without a drive: control API, metrics and"
            + " backend health only")
    boolean noMount;

    @Option(names = "--upload-limit", paramLabel = "SIZE", description = "most bytes uploaded per second, e.g."
            + " 10MiB (default: no limit)")
    String uploadLimit;

    @Option(names = "--paused", description = "start with uploads paused (`qsfs resume` starts them)")
    boolean paused;

    @Option(names = "--check-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "how often every backend is checked (default ${DEFAULT-VALUE})")
    double checkInterval;

    @Override
    int run() throws Exception {
        QsfsConfig config = configs().load();
        if (!noMount && !MountSupport.missing().isEmpty()) {
            throw CliException.notAvailable("mount", MountSupport.explain());
        }
        Path endpoint = DaemonClients.endpointFile(env());
        refuseSecondDaemon(endpoint);
        DaemonOptions o = new DaemonOptions(config, configs().path().toAbsolutePath(), endpoint, !noMount,
                mountPoint != null ? mountPoint : env().home().resolve("QSFS"),
                Duration.ofMillis((long) (checkInterval * 1000)));
        long limit = 0;
        if (uploadLimit != null) {
            try {
                limit = org.qsfs.engine.config.Sizes.parse(uploadLimit);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "--upload-limit: '" + uploadLimit + "' is not a size; write"
                        + " e.g. 10MiB");
            }
        }
        o = new DaemonOptions(o.config(), o.configFile(), o.endpointFile(), o.mount(), o.mountPoint(),
                o.checkInterval(), null, limit, paused);
        if (!noMount) {
            o = o.withKey(KeyFiles.unlock(config.keyFile(), passphrases()));
        }
        Daemon d = Daemon.start(o);
        return DaemonRunner.serve(this, d, noMount ? "qsfs daemon running without a drive" : "drive mounted at "
                + o.mountPoint());
    }

    /** One daemon per user: a live one keeps its endpoint file; a stale file is replaced. */
    static void refuseSecondDaemon(Path endpoint) throws CliException {
        try {
            ControlClient c = ControlClient.forFile(endpoint);
            c.status();
            throw new CliException(ExitCode.IO, "a qsfs daemon is already running (pid " + c.endpoint().pid()
                    + ", endpoint " + endpoint + "); stop it with `qsfs unmount` first");
        } catch (ControlException e) {
            // none running (or a stale endpoint file): go ahead
        }
    }
}
