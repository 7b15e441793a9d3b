package org.qsfs.zdb.commands;

import org.qsfs.zdb.protocol.RespWriter;
import org.qsfs.zdb.storage.IndexEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET key, MGET key [key ...]. */
final class GetCommands {
    private static final Logger log = LoggerFactory.getLogger(GetCommands.class);

    private GetCommands() {
    }

    static void get(CommandContext ctx) {
        if (!ctx.validate(2) || !ctx.keyFits(1, "Invalid key") || ctx.frozen()) {
            return;
        }
        single(ctx, ctx.arg(1));
    }

    static void mget(CommandContext ctx) {
        if (ctx.argc() < 2) {
            ctx.out().error("Invalid arguments");
            return;
        }
        for (int i = 1; i < ctx.argc(); i++) {
            if (!ctx.keyFits(i, "Invalid key")) {
                return;
            }
        }
        if (ctx.frozen()) {
            return;
        }
        ctx.out().arrayHeader(ctx.argc() - 1);
        for (int i = 1; i < ctx.argc(); i++) {
            single(ctx, ctx.arg(i));
        }
    }

    private static void single(CommandContext ctx, byte[] key) {
        IndexEntry e = LiveKeys.get(ctx.ns().index(), key);
        if (e == null) {
            ctx.out().nil();
            return;
        }
        if (e.length >= RespWriter.LARGE) {
            // read into a direct buffer that the socket is written from: no copy through the heap
            java.nio.ByteBuffer direct = ctx.out().payloadBuffer((int) e.length);
            if (ctx.ns().data().readPayload(e.offset, e.length, e.dataId, e.idLength(), direct)) {
                ctx.out().bulk(direct.flip());
                return;
            }
            ctx.out().recycle(direct);
            log.warn("namespace {}: cannot read payload of a live key (data file {}, offset {})",
                    ctx.ns().name(), e.dataId, e.offset);
            ctx.out().error("Internal Error");
            return;
        }
        byte[] payload = ctx.ns().data().get(e.offset, e.length, e.dataId, e.idLength());
        if (payload == null) {
            log.warn("namespace {}: cannot read payload of a live key (data file {}, offset {})",
                    ctx.ns().name(), e.dataId, e.offset);
            ctx.out().error("Internal Error");
            return;
        }
        ctx.out().bulk(payload);
    }
}
