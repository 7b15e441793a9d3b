package org.qsfs.zdb.commands;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.qsfs.zdb.storage.Crc32;
import org.qsfs.zdb.storage.DataStore;
import org.qsfs.zdb.storage.Index;
import org.qsfs.zdb.storage.IndexEntry;
import org.qsfs.zdb.storage.IndexMode;
import org.qsfs.zdb.storage.Namespace;
import org.qsfs.zdb.storage.StorageException;

/**
 * SET key value [timestamp]. Replies with the key (in sequential mode the id the server
 * chose), nil when the value is identical to the stored one (nothing written), or an error
 * with nothing written.
 */
final class SetCommand {
    private SetCommand() {
    }

    static void set(CommandContext ctx) {
        if (!ctx.writeAllowed(3, true, "Key too large")) {
            return;
        }
        Namespace ns = ctx.ns();
        Index index = ns.index();
        byte[] key = ctx.arg(1);
        ByteBuffer value = ctx.argBuffer(2); // a large value stays in its pooled direct buffer
        int length = value.remaining();

        IndexEntry existing = key.length > 0 ? LiveKeys.get(index, key) : null;
        long floating = existing != null ? existing.length : 0;

        if (existing != null && ns.worm()) {
            ctx.out().error("Namespace is protected by worm mode");
            return;
        }
        if (ns.maxSize() > 0 && index.dataSize() + length > ns.maxSize() + floating) {
            ctx.out().error("No space left on this namespace");
            return;
        }
        try {
            ns.rotateIfNeeded(length); // jump to new files before a write that would overflow
            if (index.mode() == IndexMode.USER) {
                setUserKey(ctx, ns, key, value, existing);
            } else {
                setSequential(ctx, ns, key, value, existing);
            }
        } catch (StorageException e) {
            ctx.out().error(e.getMessage());
        }
    }

    private static void setUserKey(CommandContext ctx, Namespace ns, byte[] key, ByteBuffer value,
                                   IndexEntry existing) throws StorageException {
        if (key.length == 0) {
            ctx.out().error("Invalid argument, key needed");
            return;
        }
        long timestamp = ctx.timestampArgument(3);
        long crc = Crc32.compute(value);
        if (unchanged(ns.data(), existing, value, crc)) {
            ctx.out().nil();
            return;
        }
        write(ns, key, value, crc, timestamp, existing);
        ctx.out().bulk(key);
    }

    private static void setSequential(CommandContext ctx, Namespace ns, byte[] key, ByteBuffer value,
                                      IndexEntry existing) throws StorageException {
        // a key names an existing id to update; an empty key asks for a new id
        if (key.length > 0 && existing == null) {
            ctx.out().error("Invalid key, only update authorized");
            return;
        }
        byte[] id = existing != null ? existing.id : littleEndian(ns.index().nextId());
        long timestamp = ctx.timestampArgument(3);
        long crc = Crc32.compute(value);
        if (unchanged(ns.data(), existing, value, crc)) {
            ctx.out().nil();
            return;
        }
        write(ns, id, value, crc, timestamp, existing);
        ctx.out().bulk(id);
    }

    private static void write(Namespace ns, byte[] id, ByteBuffer value, long crc, long timestamp,
                              IndexEntry existing) throws StorageException {
        long offset = ns.data().insert(value, id, 0, crc, timestamp);
        ns.index().set(id, offset, value.remaining(), crc, timestamp, existing);
    }

    /** Upstream skips a write whose value equals the live one byte for byte (crc first, then bytes). */
    private static boolean unchanged(DataStore data, IndexEntry existing, ByteBuffer value, long crc) {
        if (existing == null || existing.crc != crc || existing.length != value.remaining()) {
            return false;
        }
        byte[] stored = data.get(existing.offset, existing.length, existing.dataId, existing.idLength());
        return stored != null && ByteBuffer.wrap(stored).equals(value);
    }

    static byte[] littleEndian(long id) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(id).array();
    }
}
