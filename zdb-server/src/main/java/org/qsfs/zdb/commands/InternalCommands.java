package org.qsfs.zdb.commands;

import java.util.List;
import java.util.Locale;
import org.qsfs.zdb.storage.DataRaw;

/** INDEX DIRTY [RESET] and DATA RAW fileid offset: admin views of the files, for backup tools. */
final class InternalCommands {
    /** DATA_ENTRY_DELETED flag of a data entry header. */
    private static final int DATA_ENTRY_DELETED = 1;

    private InternalCommands() {
    }

    static void index(CommandContext ctx) {
        if (!ctx.adminAuthorized() || !ctx.validateMin(2) || !ctx.notOverflow(1, CommandContext.COMMAND_MAXLEN)) {
            return;
        }
        if (!ctx.argString(1).equalsIgnoreCase("DIRTY")) {
            ctx.out().error("Unknown INDEX subcommand");
            return;
        }
        if (ctx.argc() == 3) {
            if (!ctx.notOverflow(2, CommandContext.COMMAND_MAXLEN)) {
                return;
            }
            if (ctx.argString(2).equalsIgnoreCase("RESET")) {
                ctx.ns().index().dirtyReset();
                ctx.out().status("OK");
            } else {
                ctx.out().error("Unknown INDEX DIRTY subcommand");
            }
            return;
        }
        List<Long> dirty = ctx.ns().index().dirtyList();
        ctx.out().arrayHeader(dirty.size());
        for (long id : dirty) {
            ctx.out().integer(id);
        }
    }

    static void data(CommandContext ctx) {
        if (!ctx.adminAuthorized() || !ctx.validateMin(2) || !ctx.notOverflow(1, CommandContext.COMMAND_MAXLEN)) {
            return;
        }
        if (!ctx.argString(1).equalsIgnoreCase("RAW")) {
            ctx.out().error("Unknown DATA subcommand");
            return;
        }
        if (!ctx.validateMin(4)) {
            return;
        }
        long fileId = CNumbers.atoll(ctx.arg(2));
        long offset = CNumbers.atoll(ctx.arg(3));
        if (fileId < 0 || fileId > 0xffffffffL || offset < 0) {
            ctx.out().error("Invalid Request");
            return;
        }
        DataRaw raw = ctx.ns().data().raw(fileId, offset);
        if (raw.error() == DataRaw.EOF) {
            ctx.out().error("EOF");
            return;
        }
        if (raw.error() == DataRaw.UNEXPECTED) {
            ctx.out().error("Unexpected Internal Error");
            return;
        }
        int payloadLength = raw.payload() == null ? 0 : raw.payload().length;
        boolean deleted = (raw.flags() & DATA_ENTRY_DELETED) != 0;
        if ((raw.dataLength() == 0 || raw.dataLength() != payloadLength) && !deleted) {
            ctx.out().error("Invalid Request");
            return;
        }
        ctx.out().arrayHeader(6).bulk(raw.id()).integer(raw.previous())
                .bulk(String.format(Locale.ROOT, "0x%08x", raw.integrity()))
                .integer(raw.flags()).integer(raw.timestamp());
        if (payloadLength > 0) {
            ctx.out().bulk(raw.payload());
        } else {
            ctx.out().nil();
        }
    }
}
