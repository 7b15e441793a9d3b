package org.qsfs.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `qsfs` command line: headless servers, Docker and Kubernetes. */
@Command(name = "qsfs", mixinStandardHelpOptions = true, version = "qsfs 0.1.0",
        description = "The Quantum Safe Filesystem: encrypted, erasure-coded, dispersed over 0-db backends.",
        subcommands = {CommandLine.HelpCommand.class})
public final class QsfsMain implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new QsfsMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
