package org.qsfs.zdb.storage;

/**
 * An index entry as the command layer sees it (index_entry_t). In user mode the same object lives
 * in the in-memory key map and is updated in place by {@link Index#set}; in sequential mode it is a
 * fresh copy read from disk at every {@link Index#get}.
 */
public final class IndexEntry {
    /** INDEX_ENTRY_DELETED */
    public static final int FLAG_DELETED = 1;

    public byte[] id;
    /** offset of the data entry header in data file {@link #dataId} */
    public long offset;
    /** offset of this record in index file {@link #indexId} */
    public long idxOffset;
    /** payload length */
    public long length;
    public int flags;
    public long dataId;
    public long indexId;
    public long crc;
    public long parentId;
    public long parentOff;
    public long timestamp;

    public int idLength() {
        return id.length;
    }

    public boolean isDeleted() {
        return (flags & FLAG_DELETED) != 0;
    }

    IndexEntry copy() {
        IndexEntry e = new IndexEntry();
        e.id = id;
        e.offset = offset;
        e.idxOffset = idxOffset;
        e.length = length;
        e.flags = flags;
        e.dataId = dataId;
        e.indexId = indexId;
        e.crc = crc;
        e.parentId = parentId;
        e.parentOff = parentOff;
        e.timestamp = timestamp;
        return e;
    }

    @Override
    public String toString() {
        return "IndexEntry{idlen=" + id.length + ", data=" + dataId + "/" + offset + ", idx=" + indexId + "/"
                + idxOffset + ", len=" + length + ", flags=" + flags + ", crc=" + Long.toHexString(crc)
                + ", parent=" + parentId + "/" + parentOff + ", ts=" + timestamp + "}";
    }
}
