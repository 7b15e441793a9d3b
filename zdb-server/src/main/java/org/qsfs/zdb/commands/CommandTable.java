package org.qsfs.zdb.commands;

import java.util.List;

/** The dispatch table, in upstream's order (the order decides prefix matches). */
final class CommandTable {
    private CommandTable() {
    }

    static List<CommandSpec> build(CommandSpec asterisk, Command waitCommand) {
        return List.of(
                asterisk,
                new CommandSpec("WAIT", waitCommand),
                new CommandSpec("MIRROR", SystemCommands::unsupportedReplication),
                new CommandSpec("MASTER", SystemCommands::unsupportedReplication),

                new CommandSpec("PING", SystemCommands::ping),
                new CommandSpec("TIME", SystemCommands::time),
                new CommandSpec("AUTH", AuthCommands::auth),
                new CommandSpec("HOOKS", SystemCommands::hooks),
                new CommandSpec("INDEX", InternalCommands::index),
                new CommandSpec("DATA", InternalCommands::data),

                new CommandSpec("SET", SetCommand::set),
                new CommandSpec("SETX", SetCommand::set),
                new CommandSpec("GET", GetCommands::get),
                new CommandSpec("MGET", GetCommands::mget),
                new CommandSpec("DEL", KeyCommands::del),
                new CommandSpec("EXISTS", KeyCommands::exists),
                new CommandSpec("CHECK", KeyCommands::check),
                new CommandSpec("SCAN", ScanCommands::scan),
                new CommandSpec("SCANX", ScanCommands::scan),
                new CommandSpec("RSCAN", ScanCommands::rscan),
                new CommandSpec("KSCAN", ScanCommands::kscan),
                new CommandSpec("HISTORY", HistoryCommand::history),
                new CommandSpec("KEYCUR", ScanCommands::keycur),
                new CommandSpec("LENGTH", KeyCommands::length),
                new CommandSpec("KEYTIME", KeyCommands::keytime),

                new CommandSpec("INFO", SystemCommands::info),
                new CommandSpec("STOP", SystemCommands::stop),

                new CommandSpec("DBSIZE", NamespaceCommands::dbsize),
                new CommandSpec("NSNEW", NamespaceCommands::nsnew),
                new CommandSpec("NSDEL", NamespaceCommands::nsdel),
                new CommandSpec("NSLIST", NamespaceCommands::nslist),
                new CommandSpec("NSSET", NamespaceCommands::nsset),
                new CommandSpec("NSINFO", NamespaceCommands::nsinfo),
                new CommandSpec("NSJUMP", NamespaceCommands::nsjump),
                new CommandSpec("SELECT", NamespaceCommands::select),
                new CommandSpec("RELOAD", NamespaceCommands::reload),
                new CommandSpec("FLUSH", NamespaceCommands::flush));
    }
}
