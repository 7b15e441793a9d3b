package org.qsfs.zdb.storage;

/**
 * One index record as stored on disk (index_item_t, packed, 34 bytes + id).
 * uint32 fields are held in longs so they never go negative.
 */
public final class IndexItem {
    public byte[] id;
    public long offset;
    public long length;
    public long previous;
    public int flags;
    public long dataId;
    public long timestamp;
    public long crc;
    public long parentId;
    public long parentOff;

    public int idLength() {
        return id.length;
    }

    public boolean isDeleted() {
        return (flags & IndexEntry.FLAG_DELETED) != 0;
    }

    @Override
    public String toString() {
        return "IndexItem{idlen=" + id.length + ", data=" + dataId + "/" + offset + ", len=" + length
                + ", prev=" + previous + ", flags=" + flags + ", ts=" + timestamp + ", crc=" + Long.toHexString(crc)
                + ", parent=" + parentId + "/" + parentOff + "}";
    }
}
