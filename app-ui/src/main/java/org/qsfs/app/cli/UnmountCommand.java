package org.qsfs.app.cli;

import picocli.CommandLine.Command;

@Command(name = "unmount", description = "Stop the running daemon: unmount the drive and exit.")
final class UnmountCommand extends QsfsCommand {
    @Override
    int run() throws Exception {
        out().println(DaemonClients.connect(env()).shutdown().message());
        return ExitCode.OK;
    }
}
