package org.qsfs.zdb.storage;

/**
 * SCAN / RSCAN walks over the index files (libzdb/index_scan.c). Deleted (and superseded) records
 * are skipped; records are visited in append order, following 'previous' backwards.
 */
final class IndexScanner {
    private static final int HEADER = StorageFormat.INDEX_HEADER_SIZE;
    private static final int ITEM = IndexRecords.SIZE;
    // a corrupt chain must not loop forever
    private static final long MAX_STEPS = 1L << 40;

    private final Index index;

    IndexScanner(Index index) {
        this.index = index;
    }

    private boolean exists(long fileId) {
        if (fileId == index.indexId) return true;
        return fileId >= 0 && fileId <= 0xFFFFFFFFL && java.nio.file.Files.isRegularFile(index.pathOf(fileId));
    }

    // the fixed part of a record; id is a placeholder of the right length until found() reads it
    private IndexItem fixed(long fileId, long offset) {
        byte[] raw = index.read(fileId, offset, ITEM);
        if (raw == null) return null;
        IndexItem it = IndexRecords.decode(raw, 0);
        it.id = new byte[IndexRecords.idLength(raw, 0)];
        return it;
    }

    private ScanStep found(long fileId, long offset, IndexItem head) {
        byte[] id = index.read(fileId, offset + ITEM, head.id.length);
        if (id == null) return ScanStep.of(ScanStatus.UNEXPECTED);
        head.id = id;
        return new ScanStep(ScanStatus.SUCCESS, index.fixDataId(head, fileId), fileId, offset);
    }

    /** index_first_header. */
    ScanStep first() {
        long fileId = 0;
        long target = HEADER;
        for (long steps = 0; steps < MAX_STEPS; steps++) {
            if (!exists(fileId)) return ScanStep.of(ScanStatus.NO_MORE_DATA);
            IndexItem src = fixed(fileId, target);
            if (src == null) {
                // end of this file: first record of the next one
                fileId++;
                target = HEADER;
                continue;
            }
            if (src.isDeleted()) {
                target += ITEM + src.id.length;
                continue;
            }
            return found(fileId, target, src);
        }
        return ScanStep.of(ScanStatus.UNEXPECTED);
    }

    /** index_next_header: the record after (fileId, original). */
    ScanStep next(long fileId, long original) {
        long target = 0;
        for (long steps = 0; steps < MAX_STEPS; steps++) {
            if (!exists(fileId)) return ScanStep.of(ScanStatus.NO_MORE_DATA);
            if (target == 0) {
                IndexItem src = fixed(fileId, original);
                if (src == null) return ScanStep.of(ScanStatus.UNEXPECTED);
                target = original + ITEM + src.id.length;
            }
            IndexItem src = fixed(fileId, target);
            if (src == null) {
                fileId++;
                target = HEADER;
                continue;
            }
            if (src.isDeleted()) {
                original = target;
                target = 0;
                continue;
            }
            return found(fileId, target, src);
        }
        return ScanStep.of(ScanStatus.UNEXPECTED);
    }

    /** index_previous_header: the record before (fileId, original). */
    ScanStep previous(long fileId, long original) {
        long target = 0;
        for (long steps = 0; steps < MAX_STEPS; steps++) {
            if (!exists(fileId)) return ScanStep.of(ScanStatus.NO_MORE_DATA);
            if (target == 0) {
                IndexItem src = fixed(fileId, original);
                if (src == null) return ScanStep.of(ScanStatus.UNEXPECTED);
                if (src.previous >= original) {
                    // the previous record is in the previous file
                    target = src.previous;
                    if (fileId == 0) return ScanStep.of(ScanStatus.NO_MORE_DATA);
                    fileId--;
                    continue;
                }
                target = src.previous;
                if (target == 1) target = HEADER;
            }
            if (target == 0) return ScanStep.of(ScanStatus.NO_MORE_DATA);
            IndexItem src = fixed(fileId, target);
            if (src == null) return ScanStep.of(ScanStatus.UNEXPECTED);
            if (src.isDeleted()) {
                original = target;
                target = 0;
                continue;
            }
            return found(fileId, target, src);
        }
        return ScanStep.of(ScanStatus.UNEXPECTED);
    }

    /** index_last_header: starts at the last appended record. */
    ScanStep last() {
        long fileId = index.previousFileId;
        long target = index.previous;
        for (long steps = 0; steps < MAX_STEPS; steps++) {
            if (!exists(fileId)) return ScanStep.of(ScanStatus.NO_MORE_DATA);
            if (target == 0) return ScanStep.of(ScanStatus.NO_MORE_DATA);
            IndexItem src = fixed(fileId, target);
            if (src == null) return ScanStep.of(ScanStatus.UNEXPECTED);
            if (src.isDeleted()) {
                long current = target;
                target = src.previous;
                if (src.previous >= current || src.previous == 1) {
                    if (fileId == 0) return ScanStep.of(ScanStatus.NO_MORE_DATA);
                    fileId--;
                }
                continue;
            }
            return found(fileId, target, src);
        }
        return ScanStep.of(ScanStatus.UNEXPECTED);
    }
}
