package org.qsfs.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "retrieve", description = {"Read PATH from the volume into FILE (default: the last part of PATH in"
        + " the current directory; - for stdout). Needs only k good shards of each block.",
        "Refuses to overwrite an existing FILE. Exit 4 when PATH is not stored, 5 when too few shards are left."})
final class RetrieveCommand extends QsfsCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "the path in the volume")
    String path;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "where to write it, or - for stdout")
    String file;

    @picocli.CommandLine.Option(names = "--force", description = "overwrite FILE if it exists")
    boolean force;

    @picocli.CommandLine.Option(names = "--version", paramLabel = "N",
            description = "an older content of PATH (see `qsfs history PATH`)")
    Long version;

    @Override
    int run() throws Exception {
        return Volumes.retrieve(this, path, file, force, version);
    }
}
