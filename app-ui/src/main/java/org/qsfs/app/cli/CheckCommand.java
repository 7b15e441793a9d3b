package org.qsfs.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check", description = {"Verify that objects (PATH, or every stored object) are retrievable and safe:"
        + " each block has enough verified shards.",
        "Exit 0 when all are safe, 5 when some object is readable but not safe or not readable, 4 when PATH is not"
        + " stored."})
final class CheckCommand extends QsfsCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "one object (default: all)")
    String path;

    @Override
    int run() throws Exception {
        return Volumes.check(this, path);
    }
}
