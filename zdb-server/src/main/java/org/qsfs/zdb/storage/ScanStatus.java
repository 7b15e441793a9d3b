package org.qsfs.zdb.storage;

/** Result of one index walk step (index_scan_status_t). DELETED and REQUEST_PREVIOUS/EOF are internal. */
public enum ScanStatus {
    SUCCESS,
    REQUEST_PREVIOUS,
    EOF_REACHED,
    UNEXPECTED,
    NO_MORE_DATA,
    DELETED
}
