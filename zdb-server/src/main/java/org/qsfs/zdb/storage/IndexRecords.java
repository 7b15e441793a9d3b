package org.qsfs.zdb.storage;

import java.nio.ByteBuffer;

/** index_item_t codec: 34 packed bytes then the id. */
final class IndexRecords {
    static final int SIZE = StorageFormat.INDEX_ITEM_SIZE;
    /** offset of the flags byte inside a record (rewritten in place on delete) */
    static final int FLAGS_OFFSET = 13;
    /** offset of the previous field (kept on sequential in-place overwrite) */
    static final int PREVIOUS_OFFSET = 9;

    private IndexRecords() {
    }

    static ByteBuffer encode(IndexItem it) {
        ByteBuffer b = Le.allocate(SIZE + it.id.length);
        b.put((byte) it.id.length);
        Le.putU32(b, it.offset);
        Le.putU32(b, it.length);
        Le.putU32(b, it.previous);
        b.put((byte) it.flags);
        Le.putU32(b, it.dataId);
        Le.putU32(b, it.timestamp);
        Le.putU32(b, it.crc);
        Le.putU32(b, it.parentId);
        Le.putU32(b, it.parentOff);
        b.put(it.id);
        return b.flip();
    }

    /** Decodes the fixed part at raw[off..off+34); the id is read from raw when present, else left empty. */
    static IndexItem decode(byte[] raw, int off) {
        ByteBuffer b = Le.wrap(raw);
        IndexItem it = new IndexItem();
        int idlen = Le.u8(b, off);
        it.offset = Le.u32(b, off + 1);
        it.length = Le.u32(b, off + 5);
        it.previous = Le.u32(b, off + 9);
        it.flags = Le.u8(b, off + 13);
        it.dataId = Le.u32(b, off + 14);
        it.timestamp = Le.u32(b, off + 18);
        it.crc = Le.u32(b, off + 22);
        it.parentId = Le.u32(b, off + 26);
        it.parentOff = Le.u32(b, off + 30);
        if (raw.length >= off + SIZE + idlen) {
            it.id = new byte[idlen];
            System.arraycopy(raw, off + SIZE, it.id, 0, idlen);
        } else {
            it.id = new byte[0];
        }
        return it;
    }

    static int idLength(byte[] raw, int off) {
        return raw[off] & 0xFF;
    }

    static IndexItem fromEntry(IndexEntry e, long previous) {
        IndexItem it = new IndexItem();
        it.id = e.id;
        it.offset = e.offset;
        it.length = e.length;
        it.previous = previous;
        it.flags = e.flags;
        it.dataId = e.dataId;
        it.timestamp = e.timestamp;
        it.crc = e.crc;
        it.parentId = e.parentId;
        it.parentOff = e.parentOff;
        return it;
    }
}
