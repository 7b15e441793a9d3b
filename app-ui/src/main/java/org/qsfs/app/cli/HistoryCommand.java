package org.qsfs.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = {"List the older contents of PATH kept after overwrites and deletes"
        + " (version, size, time, sha256), oldest first.",
        "Read one back with `qsfs retrieve --version N PATH FILE`."})
final class HistoryCommand extends QsfsCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "the path in the volume")
    String path;

    @Override
    int run() throws Exception {
        return Volumes.history(this, path);
    }
}
