package org.qsfs.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rebuild", description = "Rebuild lost or corrupt shards of objects (PATH, or all) onto healthy"
        + " backends, and move shards off backends no longer configured.")
final class RebuildCommand extends QsfsCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "one object (default: all)")
    String path;

    @Override
    int run() throws Exception {
        return Volumes.rebuild(this, path);
    }
}
