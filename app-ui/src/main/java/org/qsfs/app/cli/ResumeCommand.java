package org.qsfs.app.cli;

import picocli.CommandLine.Command;

@Command(name = "resume", description = "Resume uploads in the running daemon.")
final class ResumeCommand extends QsfsCommand {
    @Override
    int run() throws Exception {
        out().println(DaemonClients.connect(env()).resume().message());
        return ExitCode.OK;
    }
}
