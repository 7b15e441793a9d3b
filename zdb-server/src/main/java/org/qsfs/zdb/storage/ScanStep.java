package org.qsfs.zdb.storage;

/**
 * One step of SCAN/RSCAN (index_scan_t): on SUCCESS, {@code item} is the record found at
 * index file {@code fileId}, offset {@code target}; otherwise item is null.
 */
public record ScanStep(ScanStatus status, IndexItem item, long fileId, long target) {
    public static ScanStep of(ScanStatus status) {
        return new ScanStep(status, null, 0, 0);
    }

    public boolean ok() {
        return status == ScanStatus.SUCCESS;
    }
}
