package org.qsfs.app.cli;

import picocli.CommandLine.Command;

@Command(name = "scrub", description = "Read back and verify every shard of every object (not only that backends"
        + " answer), and rebuild the bad ones.")
final class ScrubCommand extends QsfsCommand {
    @Override
    int run() throws Exception {
        return Volumes.scrub(this);
    }
}
