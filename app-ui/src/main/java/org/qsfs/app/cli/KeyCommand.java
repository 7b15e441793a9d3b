package org.qsfs.app.cli;

import picocli.CommandLine.Command;

/** {@code qsfs key new|export|import}: the volume's master key and its key file. */
@Command(name = "key", description = "Create, export or import the master key (the key file and its recovery phrase).",
        subcommands = {KeyNewCommand.class, KeyExportCommand.class, KeyImportCommand.class},
        synopsisSubcommandLabel = "(new | export | import)")
final class KeyCommand {
}
