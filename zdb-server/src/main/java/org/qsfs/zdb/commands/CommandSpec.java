package org.qsfs.zdb.commands;

/** One entry of the dispatch table: the upstream command name and its handler. */
public record CommandSpec(String name, Command handler) {
}
