package org.qsfs.zdb.storage;

import java.util.Arrays;

/**
 * index_seqid_t: for each index file, the first sequential id stored in it. This is the only
 * per-namespace state of sequential mode; ids resolve to (file, 29 + relative * 42).
 */
final class SequentialMap {
    private long[] firstIds = new long[16];
    private long[] fileIds = new long[16];
    private int length;

    void clear() {
        length = 0;
    }

    /** index_seqid_push; a file pushed again (same first id) replaces nothing: ids stay sorted. */
    void push(long firstId, long fileId) {
        if (length > 0 && fileIds[length - 1] == fileId) {
            firstIds[length - 1] = firstId;
            return;
        }
        if (length == firstIds.length) {
            firstIds = Arrays.copyOf(firstIds, length * 2);
            fileIds = Arrays.copyOf(fileIds, length * 2);
        }
        firstIds[length] = firstId;
        fileIds[length] = fileId;
        length++;
    }

    int size() {
        return length;
    }

    /** Index of the last file whose first id is &le; id (several empty files may share a first id). */
    private int slot(long id) {
        int lo = 0;
        int hi = length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(firstIds[mid], id) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    long fileOf(long id) {
        return fileIds[slot(id)];
    }

    long firstOf(long id) {
        return firstIds[slot(id)];
    }

    static long offsetOf(long relative) {
        return StorageFormat.INDEX_HEADER_SIZE + relative * (IndexRecords.SIZE + StorageFormat.SEQ_KEY_SIZE);
    }
}
