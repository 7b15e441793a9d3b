package org.qsfs.zdb.storage;

/**
 * Process-wide disk counters that INFO prints (the storage part of zdb_rootsettings.stats).
 * Plain fields: everything runs on the single event-loop thread.
 */
public final class StorageStats {
    public long idxReadFailed;
    public long idxWriteFailed;
    public long dataReadFailed;
    public long dataWriteFailed;
    public long idxDiskRead;
    public long idxDiskWrite;
    public long dataDiskRead;
    public long dataDiskWrite;
}
