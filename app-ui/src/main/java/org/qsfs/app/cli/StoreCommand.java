package org.qsfs.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "store", description = {"Store a local FILE (or - for stdin) in the volume at PATH: compressed,"
        + " encrypted, erasure-coded over the data backends.",
        "Exit 0 only when every block is safe (survives the configured losses); 5 when not enough backends took it."})
final class StoreCommand extends QsfsCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "the file to store, or - for stdin")
    String file;

    @Parameters(index = "1", paramLabel = "PATH", description = "its path in the volume, e.g. /backups/db.tar")
    String path;

    @Override
    int run() throws Exception {
        return Volumes.store(this, file, path);
    }
}
