package org.qsfs.zdb.commands;

/** A command handler: reads the request from the context and writes exactly one reply. */
@FunctionalInterface
public interface Command {
    void execute(CommandContext ctx);
}
