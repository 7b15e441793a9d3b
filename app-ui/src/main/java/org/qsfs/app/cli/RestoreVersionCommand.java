package org.qsfs.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restore-version", description = {"Make a kept version the content of PATH again in the mounted"
        + " drive; what it replaces is kept as a version too. ID comes from `qsfs versions PATH`.",
        "A deleted file is created again. Asks the running daemon (`qsfs mount` or the app)."})
final class RestoreVersionCommand extends QsfsCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "the path inside the drive, starting with /")
    String path;

    @Parameters(index = "1", paramLabel = "ID", description = "the version's ID (INODE:VERSION) from `qsfs versions`")
    String id;

    @Override
    int run() throws Exception {
        out().println(DaemonClients.connect(env()).restoreVersion(path, id).message());
        return ExitCode.OK;
    }
}
