package org.qsfs.app.cli;

import picocli.CommandLine.Command;

/** {@code qsfs config check|import-zstor}. */
@Command(name = "config", description = "Check the configuration file, or create one from a zstor configuration.",
        subcommands = {ConfigCheckCommand.class, ConfigImportZstorCommand.class},
        synopsisSubcommandLabel = "(check | import-zstor)")
final class ConfigCommand {
}
