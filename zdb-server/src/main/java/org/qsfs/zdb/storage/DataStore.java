package org.qsfs.zdb.storage;

import java.nio.file.Path;

/** The data files of one namespace (data_root_t). Skeleton: implementation follows. */
public final class DataStore {
    DataStore() {
    }

    public long insert(byte[] data, byte[] id, int flags, long crc, long timestamp) throws StorageException { throw new UnsupportedOperationException(); }
    public byte[] get(long offset, long length, long dataId, int idLength) { throw new UnsupportedOperationException(); }
    public boolean check(long offset, long dataId) { throw new UnsupportedOperationException(); }
    public void delete(byte[] id, long timestamp) throws StorageException { throw new UnsupportedOperationException(); }
    public long nextOffset() { throw new UnsupportedOperationException(); }
    public long jumpNext(long newId) throws StorageException { throw new UnsupportedOperationException(); }
    public long dataId() { throw new UnsupportedOperationException(); }
    public DataRaw raw(long dataId, long offset) { throw new UnsupportedOperationException(); }
    public Path dataDir() { throw new UnsupportedOperationException(); }
    public Path dataFile() { throw new UnsupportedOperationException(); }
    public long errors() { throw new UnsupportedOperationException(); }
    public long lastError() { throw new UnsupportedOperationException(); }
    public long faults() { throw new UnsupportedOperationException(); }
}
