package org.qsfs.zdb.commands;

import java.util.ArrayList;
import java.util.List;
import org.qsfs.zdb.storage.Index;
import org.qsfs.zdb.storage.IndexEntry;
import org.qsfs.zdb.storage.IndexItem;
import org.qsfs.zdb.storage.ScanStatus;
import org.qsfs.zdb.storage.ScanStep;

/**
 * SCAN [cursor], RSCAN [cursor], KEYCUR key, KSCAN. A cursor is upstream's 17-byte binary
 * key (index_bkey_t); each call walks the index files for at most 2 ms, as upstream does.
 */
final class ScanCommands {
    /** Upstream SCAN_TIMESLICE_US. */
    private static final long TIMESLICE_NANOS = 2_000_000;
    /** sizeof(index_bkey_t): idlength(1) fileid(4) length(4) idxoffset(4) crc(4). */
    static final int CURSOR_LENGTH = 17;

    private ScanCommands() {
    }

    static void scan(CommandContext ctx) {
        walk(ctx, true);
    }

    static void rscan(CommandContext ctx) {
        walk(ctx, false);
    }

    private record Found(IndexItem item, long fileId, long offset) {
    }

    private static void walk(CommandContext ctx, boolean forward) {
        if (ctx.frozen()) {
            return;
        }
        Index index = ctx.ns().index();
        List<Found> found = new ArrayList<>();
        long fileId;
        long offset;
        if (ctx.argc() == 1) {
            ScanStep first = forward ? index.first() : index.last();
            if (!first.ok()) {
                failure(ctx, first);
                return;
            }
            found.add(new Found(first.item(), first.fileId(), first.target()));
            fileId = first.fileId();
            offset = first.target();
        } else {
            if (ctx.arg(1).length != CURSOR_LENGTH) {
                ctx.out().error("Invalid key format");
                return;
            }
            IndexEntry start = index.deserializeCursor(ctx.arg(1));
            if (start == null) {
                ctx.out().error("Invalid key format");
                return;
            }
            fileId = start.indexId;
            offset = start.idxOffset;
        }
        long began = System.nanoTime();
        while (System.nanoTime() - began < TIMESLICE_NANOS) {
            ScanStep step = forward ? index.next(fileId, offset) : index.previous(fileId, offset);
            if (!step.ok()) {
                break;
            }
            found.add(new Found(step.item(), step.fileId(), step.target()));
            fileId = step.fileId();
            offset = step.target();
        }
        if (found.isEmpty()) {
            ctx.out().error("No more data");
            return;
        }
        Found last = found.get(found.size() - 1);
        ctx.out().arrayHeader(2).bulk(index.serializeCursor(last.item(), last.offset(), last.fileId()));
        ctx.out().arrayHeader(found.size());
        for (Found f : found) {
            ctx.out().arrayHeader(3).bulk(f.item().id).integer(f.item().length).integer(f.item().timestamp);
        }
    }

    private static void failure(CommandContext ctx, ScanStep step) {
        if (step.status() == ScanStatus.UNEXPECTED) {
            ctx.out().error("Internal Error");
        } else {
            ctx.out().error("No more data");
        }
    }

    static void keycur(CommandContext ctx) {
        if (!ctx.validate(2) || ctx.frozen()) {
            return;
        }
        IndexEntry e = LiveKeys.get(ctx.ns().index(), ctx.arg(1));
        if (e == null) {
            ctx.out().error("Key not found");
            return;
        }
        ctx.out().bulk(ctx.ns().index().serializeCursor(e));
    }

    /** KSCAN is compiled out of upstream release builds; we answer as they do. */
    static void kscan(CommandContext ctx) {
        ctx.out().error("Command disabled in release code, not yet available");
    }
}
