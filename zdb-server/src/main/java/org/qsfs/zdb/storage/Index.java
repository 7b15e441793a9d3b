package org.qsfs.zdb.storage;

import java.nio.file.Path;
import java.util.List;

/** The index of one namespace (index_root_t). Skeleton: implementation follows. */
public final class Index {
    Index() {
    }

    public IndexMode mode() { throw new UnsupportedOperationException(); }
    public IndexEntry get(byte[] key) { throw new UnsupportedOperationException(); }
    public IndexEntry set(byte[] id, long dataOffset, long length, long crc, long timestamp, IndexEntry existing)
            throws StorageException { throw new UnsupportedOperationException(); }
    public long nextId() { throw new UnsupportedOperationException(); }
    public long jumpNext() throws StorageException { throw new UnsupportedOperationException(); }
    public void deleteEntry(IndexEntry e, long timestamp) throws StorageException { throw new UnsupportedOperationException(); }
    public IndexItem itemFromDisk(long indexId, long idxOffset, int idLength) { throw new UnsupportedOperationException(); }
    public byte[] serializeCursor(IndexEntry e) { throw new UnsupportedOperationException(); }
    public byte[] serializeCursor(IndexItem item, long idxOffset, long indexId) { throw new UnsupportedOperationException(); }
    public IndexEntry deserializeCursor(byte[] bkey) { throw new UnsupportedOperationException(); }
    public ScanStep first() { throw new UnsupportedOperationException(); }
    public ScanStep last() { throw new UnsupportedOperationException(); }
    public ScanStep next(long fileId, long idxOffset) { throw new UnsupportedOperationException(); }
    public ScanStep previous(long fileId, long idxOffset) { throw new UnsupportedOperationException(); }
    public List<Long> dirtyList() { throw new UnsupportedOperationException(); }
    public String dirtyListString() { throw new UnsupportedOperationException(); }
    public void dirtyReset() { throw new UnsupportedOperationException(); }
    public long entries() { throw new UnsupportedOperationException(); }
    public long dataSize() { throw new UnsupportedOperationException(); }
    public long indexSize() { throw new UnsupportedOperationException(); }
    public long indexId() { throw new UnsupportedOperationException(); }
    public long nextEntry() { throw new UnsupportedOperationException(); }
    public long nextObjectId() { throw new UnsupportedOperationException(); }
    public Path indexDir() { throw new UnsupportedOperationException(); }
    public Path indexFile() { throw new UnsupportedOperationException(); }
    public long errors() { throw new UnsupportedOperationException(); }
    public long lastError() { throw new UnsupportedOperationException(); }
    public long faults() { throw new UnsupportedOperationException(); }
}
