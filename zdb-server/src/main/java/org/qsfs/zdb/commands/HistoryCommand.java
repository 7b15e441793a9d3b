package org.qsfs.zdb.commands;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.qsfs.zdb.storage.IndexEntry;
import org.qsfs.zdb.storage.IndexItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HISTORY key [history-cursor]: walks the previous versions of a key, newest first. Each reply
 * is [cursor-of-the-older-version or nil, timestamp, payload]; the cursor is upstream's
 * 8-byte index_ekey_t (index file id, offset), little-endian.
 */
final class HistoryCommand {
    private static final Logger log = LoggerFactory.getLogger(HistoryCommand.class);
    static final int EKEY_LENGTH = 8;

    private HistoryCommand() {
    }

    static void history(CommandContext ctx) {
        if (ctx.argc() != 2 && ctx.argc() != 3) {
            ctx.out().error("Invalid arguments");
            return;
        }
        if (ctx.frozen()) {
            return;
        }
        byte[] key = ctx.arg(1);
        if (ctx.argc() == 2) {
            IndexEntry e = LiveKeys.get(ctx.ns().index(), key);
            if (e == null) {
                ctx.out().error("Key not found");
                return;
            }
            IndexItem item = ctx.ns().index().itemFromDisk(e.indexId, e.idxOffset, e.idLength());
            send(ctx, item, e.parentId, e.parentOff);
            return;
        }
        if (ctx.arg(2).length != EKEY_LENGTH) {
            ctx.out().error("Invalid arguments");
            return;
        }
        ByteBuffer ekey = ByteBuffer.wrap(ctx.arg(2)).order(ByteOrder.LITTLE_ENDIAN);
        long indexId = Integer.toUnsignedLong(ekey.getInt());
        long offset = Integer.toUnsignedLong(ekey.getInt());
        if (indexId == 0 && offset == 0) {
            ctx.out().error("No more history");
            return;
        }
        if (key.length > CommandContext.MAX_KEY_LENGTH) {
            ctx.out().error("Invalid arguments (index query)");
            return;
        }
        IndexItem item = ctx.ns().index().itemFromDisk(indexId, offset, key.length);
        if (item == null) {
            ctx.out().error("Invalid arguments (index query)");
            return;
        }
        if (!Arrays.equals(item.id, key)) {
            ctx.out().error("Invalid arguments (invalid key)");
            return;
        }
        send(ctx, item, item.parentId, item.parentOff);
    }

    private static void send(CommandContext ctx, IndexItem item, long parentId, long parentOff) {
        byte[] payload = item == null ? null
                : ctx.ns().data().get(item.offset, item.length, item.dataId, item.idLength());
        if (payload == null) {
            log.warn("namespace {}: history payload unreadable", ctx.ns().name());
            ctx.out().error("Internal Error");
            return;
        }
        ctx.out().arrayHeader(3);
        if (parentId != 0 || parentOff != 0) {
            ctx.out().bulk(ByteBuffer.allocate(EKEY_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) parentId).putInt((int) parentOff).array());
        } else {
            ctx.out().nil();
        }
        ctx.out().bulk(Long.toString(item.timestamp)).bulk(payload);
    }
}
