package org.qsfs.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List the stored objects (under PREFIX): size, modification time, safety, path.")
final class LsCommand extends QsfsCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "only paths starting with this")
    String prefix;

    @Override
    int run() throws Exception {
        return Volumes.ls(this, prefix == null ? "" : prefix);
    }
}
