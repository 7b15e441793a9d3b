package org.qsfs.app.cli;

import java.nio.file.Path;
import org.qsfs.app.control.ControlClient;
import org.qsfs.app.control.ControlException;

/** How commands find the running daemon: its endpoint file ($QSFS_CONTROL_FILE, else in the config dir). */
final class DaemonClients {
    static final String ENV = "QSFS_CONTROL_FILE";

    private DaemonClients() {
    }

    static Path endpointFile(CliEnvironment env) {
        String v = env.getenv(ENV);
        return v != null ? Path.of(v) : AppDirsOf.of(env).controlFile();
    }

    /** A client for the running daemon; a {@link ControlException} (exit 6) when none runs. */
    static ControlClient connect(CliEnvironment env) throws ControlException {
        return ControlClient.forFile(endpointFile(env));
    }
}
