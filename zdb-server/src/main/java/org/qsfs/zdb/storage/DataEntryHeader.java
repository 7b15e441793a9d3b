package org.qsfs.zdb.storage;

import java.nio.ByteBuffer;

/** data_entry_header_t codec: 18 packed bytes before the id and the payload. */
record DataEntryHeader(int idLength, long dataLength, long previous, long integrity, int flags, long timestamp) {
    static final int SIZE = StorageFormat.DATA_ENTRY_HEADER_SIZE;

    /** Encodes header + id (the payload is written right after). */
    static ByteBuffer encode(byte[] id, long dataLength, long previous, long integrity, int flags, long timestamp) {
        ByteBuffer b = Le.allocate(SIZE + id.length);
        b.put((byte) id.length);
        Le.putU32(b, dataLength);
        Le.putU32(b, previous);
        Le.putU32(b, integrity);
        b.put((byte) flags);
        Le.putU32(b, timestamp);
        b.put(id);
        return b.flip();
    }

    static DataEntryHeader decode(byte[] raw) {
        ByteBuffer b = Le.wrap(raw);
        return new DataEntryHeader(Le.u8(b, 0), Le.u32(b, 1), Le.u32(b, 5), Le.u32(b, 9), Le.u8(b, 13),
                Le.u32(b, 14));
    }

    /** Full on-disk size of the entry. */
    long entrySize() {
        return SIZE + idLength + dataLength;
    }

    boolean deleted() {
        return (flags & 1) != 0;
    }
}
