package org.qsfs.zdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a torn tail off the last index/data file pair before the index is loaded (zdb-server only;
 * upstream trusts its files). A crash can only damage what was being appended: the end of the last
 * data file and of the last index file, or the headers of a pair being created by a jump.
 * Everything before the first bad record is kept.
 */
final class TailRepair {
    private static final Logger LOG = LoggerFactory.getLogger(TailRepair.class);
    // how many trailing data entries / index records are re-verified against their checksums
    private static final int LOOKBACK = 64;

    private TailRepair() {
    }

    static void repair(Path indexDir, Path dataDir, IndexMode defaultMode) throws IOException {
        long files = IndexLoader.countFiles(indexDir);
        if (files == 0) return;
        long last = files - 1;
        Path ip = indexDir.resolve(StorageFormat.indexFileName(last));
        Path dp = dataDir.resolve(StorageFormat.dataFileName(last));
        repairIndexHeader(indexDir, ip, last, defaultMode);
        long dataEnd = repairData(dp, last);
        repairIndex(ip, dp, last, dataEnd, modeOf(ip, defaultMode));
    }

    private static IndexMode modeOf(Path p, IndexMode fallback) {
        try (FileChannel c = FileIO.openRead(p)) {
            byte[] h = FileIO.readExact(c, 0, StorageFormat.INDEX_HEADER_SIZE);
            return h != null && FileHeaders.checkIndex(h) == null ? FileHeaders.indexMode(h) : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    private static void repairIndexHeader(Path indexDir, Path ip, long last, IndexMode defaultMode)
            throws IOException {
        long size = Files.size(ip);
        if (size >= StorageFormat.INDEX_HEADER_SIZE) return;
        if (size == 0 && last == 0) return; // brand new namespace: the loader writes the header
        IndexMode mode = last > 0
                ? modeOf(indexDir.resolve(StorageFormat.indexFileName(last - 1)), defaultMode)
                : defaultMode;
        LOG.warn("index: {}: incomplete header ({} bytes), re-initialised (interrupted file rotation)", ip, size);
        try (FileChannel c = FileIO.openReadWrite(ip)) {
            c.truncate(0);
            FileIO.writeAt(c, 0, FileHeaders.index(last, mode));
            c.force(true);
        }
    }

    /** Returns the end of the good part of the data file, or -1 when it does not exist. */
    private static long repairData(Path dp, long fileId) throws IOException {
        long size = FileIO.sizeOrMinus(dp);
        if (size < 0) return -1;
        if (size < StorageFormat.DATA_HEADER_SIZE) {
            if (size > 0) LOG.warn("data: {}: incomplete header ({} bytes), re-initialised", dp, size);
            try (FileChannel c = FileIO.openReadWrite(dp)) {
                c.truncate(0);
                FileIO.writeAt(c, 0, FileHeaders.data(fileId));
                c.force(true);
            }
            return StorageFormat.DATA_HEADER_SIZE;
        }
        ArrayDeque<Long> recent = new ArrayDeque<>();
        try (RecordStream in = new RecordStream(dp, 0)) {
            String bad = FileHeaders.checkData(in.read(StorageFormat.DATA_HEADER_SIZE));
            if (bad != null) throw new IOException(dp + ": " + bad);
            while (true) {
                long off = in.position();
                if (off == size) break;
                byte[] h = in.read(DataEntryHeader.SIZE);
                if (h == null) return cut(dp, size, off, "partial entry header", recent);
                DataEntryHeader d = DataEntryHeader.decode(h);
                if (d.idLength() == 0 || d.dataLength() > StorageFormat.MAX_PAYLOAD) {
                    return cut(dp, size, off, "invalid entry header", recent);
                }
                if (off + d.entrySize() > size) {
                    return cut(dp, size, off, "entry beyond end of file", recent);
                }
                in.skip(d.idLength() + d.dataLength());
                recent.addLast(off);
                if (recent.size() > LOOKBACK) recent.removeFirst();
            }
        }
        return cut(dp, size, size, null, recent);
    }

    // drops trailing entries whose payload does not match their crc, then truncates at 'end'
    private static long cut(Path dp, long size, long end, String reason, ArrayDeque<Long> recent)
            throws IOException {
        try (FileChannel c = FileIO.openRead(dp)) {
            while (!recent.isEmpty()) {
                long off = recent.peekLast();
                if (crcMatches(c, off)) break;
                recent.removeLast();
                end = off;
                reason = "bad checksum";
            }
        }
        if (end < size) {
            LOG.warn("data: {}: torn tail ({}) at offset {}, truncating {} bytes", dp, reason, end, size - end);
            FileIO.truncate(dp, end);
        }
        return end;
    }

    private static boolean crcMatches(FileChannel c, long off) throws IOException {
        byte[] h = FileIO.readExact(c, off, DataEntryHeader.SIZE);
        if (h == null) return false;
        DataEntryHeader d = DataEntryHeader.decode(h);
        byte[] payload = FileIO.readExact(c, off + DataEntryHeader.SIZE + d.idLength(), (int) d.dataLength());
        return payload != null && Crc32.compute(payload, 0, payload.length) == d.integrity();
    }

    private static void repairIndex(Path ip, Path dp, long fileId, long dataEnd, IndexMode mode)
            throws IOException {
        long size = Files.size(ip);
        if (size <= StorageFormat.INDEX_HEADER_SIZE) return;
        if (dataEnd < 0) {
            // never cut an index because its data is not where we look (wrong --data, hook restores it)
            LOG.warn("index: {}: data file {} is missing, index tail not verified against data", ip, dp);
        }
        ArrayDeque<long[]> recent = new ArrayDeque<>(); // {record offset} of records pointing into dataId
        long end = size;
        String reason = null;
        try (RecordStream in = new RecordStream(ip, StorageFormat.INDEX_HEADER_SIZE)) {
            while (true) {
                long off = in.position();
                if (off == size) break;
                byte[] fixed = in.read(IndexRecords.SIZE);
                int idlen = fixed == null ? 0 : IndexRecords.idLength(fixed, 0);
                byte[] id = fixed == null || idlen == 0 ? null : in.read(idlen);
                if (id == null) {
                    end = off;
                    reason = fixed == null ? "partial record" : idlen == 0 ? "invalid record" : "partial record id";
                    break;
                }
                IndexItem item = IndexRecords.decode(fixed, 0);
                // user mode: data is in the file pair of the record (on-disk dataid may be 0)
                if (mode == IndexMode.USER) item.dataId = fileId;
                if (item.dataId > fileId) {
                    end = off;
                    reason = "record points to a future data file";
                    break;
                }
                if (item.dataId == fileId && dataEnd >= 0) {
                    if (item.offset < StorageFormat.DATA_HEADER_SIZE
                            || item.offset + DataEntryHeader.SIZE + idlen + item.length > dataEnd) {
                        end = off;
                        reason = "data of the record is missing";
                        break;
                    }
                    recent.addLast(new long[] {off});
                    if (recent.size() > LOOKBACK) recent.removeFirst();
                }
            }
        }
        if (dataEnd >= 0 && !recent.isEmpty()) {
            try (FileChannel ic = FileIO.openRead(ip); FileChannel dc = FileIO.openRead(dp)) {
                while (!recent.isEmpty()) {
                    long off = recent.peekLast()[0];
                    if (off < end && matchesData(ic, dc, off)) break;
                    recent.removeLast();
                    if (off < end) {
                        end = off;
                        reason = "record does not match its data entry";
                    }
                }
            }
        }
        if (end < size) {
            LOG.warn("index: {}: torn tail ({}) at offset {}, truncating {} bytes", ip, reason, end, size - end);
            FileIO.truncate(ip, end);
        }
    }

    private static boolean matchesData(FileChannel ic, FileChannel dc, long off) throws IOException {
        byte[] fixed = FileIO.readExact(ic, off, IndexRecords.SIZE);
        if (fixed == null) return false;
        int idlen = IndexRecords.idLength(fixed, 0);
        byte[] raw = FileIO.readExact(ic, off, IndexRecords.SIZE + idlen);
        if (raw == null) return false;
        IndexItem item = IndexRecords.decode(raw, 0);
        byte[] h = FileIO.readExact(dc, item.offset, DataEntryHeader.SIZE + idlen);
        if (h == null) return false;
        DataEntryHeader d = DataEntryHeader.decode(h);
        return d.idLength() == idlen && d.dataLength() == item.length && d.integrity() == item.crc
                && Arrays.equals(h, DataEntryHeader.SIZE, h.length, item.id, 0, idlen);
    }
}
