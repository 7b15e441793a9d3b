package org.qsfs.zdb.commands;

import org.qsfs.zdb.storage.IndexEntry;
import org.qsfs.zdb.storage.StorageException;

/** DEL, EXISTS, CHECK, LENGTH, KEYTIME: commands about one key. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void del(CommandContext ctx) {
        if (!ctx.writeAllowed(2, false, "Invalid key")) {
            return;
        }
        IndexEntry e = LiveKeys.get(ctx.ns().index(), ctx.arg(1));
        if (e == null) {
            ctx.out().error("Key not found");
            return;
        }
        if (ctx.ns().worm()) {
            ctx.out().error("Cannot delete a key when namespace is in worm mode");
            return;
        }
        long timestamp = ctx.timestampArgument(2);
        try {
            ctx.ns().data().delete(e.id, timestamp);
        } catch (StorageException ex) {
            ctx.out().error("Cannot delete key (data)");
            return;
        }
        try {
            ctx.ns().index().deleteEntry(e, timestamp);
        } catch (StorageException ex) {
            ctx.out().error("Cannot delete key (index)");
            return;
        }
        ctx.out().status("OK");
    }

    static void exists(CommandContext ctx) {
        if (!ctx.validate(2) || !ctx.keyFits(1, "Invalid key") || ctx.frozen()) {
            return;
        }
        ctx.out().integer(LiveKeys.get(ctx.ns().index(), ctx.arg(1)) == null ? 0 : 1);
    }

    /** CHECK key: 1 when the stored payload still matches its checksum, 0 when it rotted. */
    static void check(CommandContext ctx) {
        IndexEntry e = liveEntry(ctx);
        if (e != null) {
            ctx.out().integer(ctx.ns().data().check(e.offset, e.dataId) ? 1 : 0);
        }
    }

    static void length(CommandContext ctx) {
        IndexEntry e = liveEntry(ctx);
        if (e != null) {
            ctx.out().integer(e.length);
        }
    }

    static void keytime(CommandContext ctx) {
        IndexEntry e = liveEntry(ctx);
        if (e != null) {
            ctx.out().integer(e.timestamp);
        }
    }

    /** The shared start of CHECK, LENGTH and KEYTIME; null after replying when there is no key. */
    private static IndexEntry liveEntry(CommandContext ctx) {
        if (!ctx.validate(2) || !ctx.keyFits(1, "Invalid key") || ctx.frozen()) {
            return null;
        }
        IndexEntry e = LiveKeys.get(ctx.ns().index(), ctx.arg(1));
        if (e == null) {
            ctx.out().nil();
        }
        return e;
    }
}
