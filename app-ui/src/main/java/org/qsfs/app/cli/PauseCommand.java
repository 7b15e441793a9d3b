package org.qsfs.app.cli;

import picocli.CommandLine.Command;

@Command(name = "pause", description = "Pause uploads in the running daemon: new data stays in the local cache.")
final class PauseCommand extends QsfsCommand {
    @Override
    int run() throws Exception {
        out().println(DaemonClients.connect(env()).pause().message());
        return ExitCode.OK;
    }
}
