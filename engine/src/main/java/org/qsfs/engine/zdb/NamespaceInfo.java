package org.qsfs.engine.zdb;

/**
 * What NSINFO tells about a namespace. {@code dataLimitBytes} is 0 when the namespace has no
 * maxsize; {@code diskFreeBytes} is -1 when the backend did not report it.
 */
public record NamespaceInfo(String name, long entries, long dataSizeBytes, long dataLimitBytes,
                            long diskFreeBytes, String mode, boolean publicNamespace, boolean hasPassword) {
    /** Bytes that can still be written: the smaller of the namespace limit and the disk. */
    public long freeBytes() {
        long byLimit = dataLimitBytes > 0 ? Math.max(0, dataLimitBytes - dataSizeBytes) : Long.MAX_VALUE;
        long byDisk = diskFreeBytes >= 0 ? diskFreeBytes : Long.MAX_VALUE;
        long free = Math.min(byLimit, byDisk);
        return free == Long.MAX_VALUE ? -1 : free;
    }
}
